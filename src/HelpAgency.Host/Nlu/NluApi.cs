using HelpAgency.Core.Recognition;
using HelpAgency.Host.Http;
using HelpAgency.Host.LocalChannel;

namespace HelpAgency.Host.Nlu;

/// <summary>Intent and entity recognition over HTTP, answering in Rasa's /model/parse shape.</summary>
public static class NluApi
{
    public static IEndpointRouteBuilder MapNluApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/nlu/parse", ParseAsync);
        return app;
    }

    private static async Task<IResult> ParseAsync(HttpRequest request, IntentRecognizer recognizer, IProjectDirectory projects, CancellationToken cancellationToken)
    {
        var (parse, error) = await JsonBody.ReadAsync<ParseRequest>(request, cancellationToken);
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

        var context = RecognitionContext.None;
        if (parse.User is not null)
        {
            if (LocalUserId.Check(parse.User) is { } userProblem)
            {
                return ApiError.BadRequest(userProblem);
            }

            context = new RecognitionContext(await projects.ProjectNamesAsync(parse.User, cancellationToken));
        }

        var result = recognizer.Recognize(parse.Text, context);
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
