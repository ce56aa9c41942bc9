using System.Text.Json.Serialization;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using HelpAgency.Host.Http;
using HelpAgency.Host.Limits;
using HelpAgency.Host.LocalChannel;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Nlu;

/// <summary>Intent and entity recognition over HTTP, answering in Rasa's /model/parse shape.</summary>
public static class NluApi
{
    public static IEndpointRouteBuilder MapNluApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/nlu/parse", ParseAsync).RequireRateLimiting(RequestLimits.PerClientPolicy);
        return app;
    }

    private static async Task<Results<Ok<ParseResponse>, JsonHttpResult<ApiError>>> ParseAsync(JsonBody<ParseRequest> body, HttpContext context,
        RecognitionModel model, IProjectDirectory projects, LocalChannelAccess access, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        if (body.Error is { } error)
        {
            return error;
        }

        var parse = body.Value;
        if (string.IsNullOrWhiteSpace(parse.Text))
        {
            return texts.BadRequest("error.nlu_text_missing");
        }

        if (parse.Text.Length > LocalChannelApi.MaxTextLength)
        {
            return texts.BadRequest("error.nlu_text_too_long", ("max", LocalChannelApi.MaxTextLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
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
        return TypedResults.Ok(new ParseResponse(
            result.Text,
            new ParsedIntent(result.Intent.Name, result.Intent.Confidence),
            result.Entities.Select(e => new ParsedEntity(e.Entity, e.Value, e.Name, e.Start, e.End)).ToList(),
            result.Ranking.Select(r => new ParsedIntent(r.Name, r.Confidence)).ToList(),
            result.Decision.ToString().ToLowerInvariant()));
    }
}

/// <summary>The answer of /api/nlu/parse, in Rasa's /model/parse shape.</summary>
public sealed record ParseResponse(
    string Text,
    ParsedIntent Intent,
    IReadOnlyList<ParsedEntity> Entities,
    [property: JsonPropertyName("intent_ranking")] IReadOnlyList<ParsedIntent> IntentRanking,
    string Decision);

public sealed record ParsedIntent(string Name, double Confidence);

public sealed record ParsedEntity(string Entity, string Value, string? Name, int Start, int End);
