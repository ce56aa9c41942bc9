using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using HelpAgency.Host.Http;
using HelpAgency.Host.Limits;
using HelpAgency.Host.LocalChannel;

namespace HelpAgency.Host.Nlu;

/// <summary>Intent and entity recognition over HTTP, answering in Rasa's /model/parse shape.</summary>
public static class NluApi
{
    public static IEndpointRouteBuilder MapNluApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/nlu/parse", ParseAsync).RequireRateLimiting(RequestLimits.PerClientPolicy);
        return app;
    }

    private static async Task<IResult> ParseAsync(HttpContext context, RecognitionModel model, IProjectDirectory projects, LocalChannelAccess access,
        CancellationToken cancellationToken)
    {
        var (parse, error) = await JsonBody.ReadAsync<ParseRequest>(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(parse!.Text))
        {
            return ApiError.BadRequest("请输入要识别的内容（text）。");
        }

        if (parse.Text.Length > LocalChannelApi.MaxTextLength)
        {
            return ApiError.BadRequest($"text 不能超过 {LocalChannelApi.MaxTextLength} 个字。");
        }

        var names = RecognitionContext.None;
        if (parse.User is not null)
        {
            // A user's project names are the local channel's to reveal, under its rules: as anyone without WeCom,
            // only as oneself with WeCom and the channel enabled, not at all otherwise.
            var (user, refused) = await access.ActAsAsync(context, parse.User);
            if (refused is not null)
            {
                return refused;
            }

            names = new RecognitionContext(await projects.ProjectNamesAsync(user!, cancellationToken));
        }

        var result = model.Recognizer.Recognize(parse.Text, names);
        return Results.Ok(new
        {
            text = result.Text,
            intent = new { name = result.Intent.Name, confidence = result.Intent.Confidence },
            entities = result.Entities.Select(e => new { entity = e.Entity, value = e.Value, name = e.Name, start = e.Start, end = e.End }),
            intent_ranking = result.Ranking.Select(r => new { name = r.Name, confidence = r.Confidence }),
            decision = result.Decision.ToString().ToLowerInvariant(),
        });
    }
}
