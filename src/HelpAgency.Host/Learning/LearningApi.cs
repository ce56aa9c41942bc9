using System.Text;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Persistence;
using HelpAgency.Core.Recognition;
using HelpAgency.Core.Users;
using HelpAgency.Host.Admin;
using HelpAgency.Host.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Learning;

/// <summary>
/// Supervisors teach the bot a missed question: as a new example of an intent, or a new paraphrase of a knowledge entry.
/// It takes effect at once here and within seconds on every other host; the export gives it back as YAML for dialogs/.
/// </summary>
public static class LearningApi
{
    public const int MaxTextLength = 200;

    public static RouteGroupBuilder MapLearning(this RouteGroupBuilder admin)
    {
        admin.MapPost("/missed/learn", LearnAsync);
        admin.MapGet("/missed/learned", ExportAsync);
        return admin;
    }

    private static async Task<Results<Ok<Learned>, JsonHttpResult<ApiError>>> LearnAsync(JsonBody<LearnRequest> request, HttpContext context, IUnitOfWorkFactory database,
        RecognitionModel model, LearnedContent learned, TimeProvider clock, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        var actor = StaffActor.Of(context);
        if (actor.Role != UserRole.Supervisor)
        {
            return texts.Error(StatusCodes.Status403Forbidden, "error.learn_supervisor_only");
        }

        if (request.Error is { } error)
        {
            return error;
        }

        var body = request.Value;
        var text = body.Text?.Trim() ?? "";
        if (text.Length is 0 or > MaxTextLength)
        {
            return texts.BadRequest("error.learn_text", ("max", MaxTextLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if ((body.Intent is null) == (body.Entry is null))
        {
            return texts.BadRequest("error.learn_target");
        }

        if (body.Intent is { } intent && !IntentNames.All.Contains(intent))
        {
            return texts.BadRequest("error.learn_intent_unknown");
        }

        if (body.Entry is { } entry && model.Knowledge.Knowledge.Find(entry) is null)
        {
            return texts.BadRequest("error.learn_entry_unknown");
        }

        var phrasing = new LearnedPhrasing(0, body.Intent is not null ? LearnedPhrasing.Kinds.Intent : LearnedPhrasing.Kinds.Knowledge, body.Intent ?? body.Entry!, text, actor.Id, clock.GetUtcNow());
        long id;
        await using (var work = await database.BeginAsync(cancellationToken))
        {
            id = await work.MissedQuestions.LearnAsync(phrasing, cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        await learned.RefreshAsync(cancellationToken);
        return TypedResults.Ok(new Learned(id, phrasing.Kind, phrasing.Target, text));
    }

    /// <summary>What was learned, as YAML to merge into dialogs/intents and dialogs/knowledge.</summary>
    private static async Task<IResult> ExportAsync(HttpContext context, IUnitOfWorkFactory database, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        if (StaffActor.Of(context).Role != UserRole.Supervisor)
        {
            return texts.Error(StatusCodes.Status403Forbidden, "error.export_supervisor_only");
        }

        await using var work = await database.BeginReadAsync(cancellationToken);
        var learned = await work.MissedQuestions.LearnedAsync(cancellationToken);
        var yaml = new StringBuilder("# Learned from missed questions; merge into dialogs/intents/*.yaml (examples) and dialogs/knowledge/*.yaml (paraphrases).\n");
        foreach (var (kind, key) in new[] { (LearnedPhrasing.Kinds.Intent, "intents"), (LearnedPhrasing.Kinds.Knowledge, "knowledge") })
        {
            yaml.Append(key).Append(":\n");
            foreach (var group in learned.Where(l => l.Kind == kind).GroupBy(l => l.Target))
            {
                yaml.Append("  ").Append(group.Key).Append(":\n");
                foreach (var item in group)
                {
                    yaml.Append("    - \"").Append(item.Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
                }
            }
        }

        return Results.Text(yaml.ToString(), "application/yaml; charset=utf-8");
    }
}

/// <summary>What a supervisor teaches: a missed question's text and the intent or the knowledge entry it belongs to.</summary>
public sealed record LearnRequest(string? Text, string? Intent, string? Entry);

/// <summary>A phrasing taught to the bot: its id, whether it names an intent or a knowledge entry, which one, and the text.</summary>
public sealed record Learned(long Id, string Kind, string Target, string Text);
