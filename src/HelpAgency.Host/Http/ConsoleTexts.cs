using HelpAgency.Core.Content;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Http;

/// <summary>
/// What the HTTP API, the staff sign-in pages and the ledger say (dialogs/console.yaml, in the format of replies.yaml).
/// The start fails, naming the file, when a text the host uses is missing.
/// </summary>
public sealed class ConsoleTexts
{
    public const string FileName = "console.yaml";

    /// <summary>Every text the host uses, the ledger's with them.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "error.bad_request", "error.server", "error.not_found", "error.method_not_allowed", "error.too_large", "error.json_only", "error.unprocessable",
        "error.too_many", "error.csrf", "error.body_empty", "error.body_not_object", "error.body_field_type", "error.body_not_json", "error.page",
        "error.page_size",
        "error.sign_in_first", "error.sign_in_or_key", "error.admin_key_wrong", "error.staff_only", "error.access_denied", "error.wecom_not_configured",
        "error.sign_in_pick",
        "error.local_staff_only", "error.local_self_only", "error.user_id.missing", "error.user_id.too_long", "error.user_id.pattern", "error.too_fast",
        "error.chat_text_or_event", "error.chat_event_unknown", "error.chat_text_missing", "error.chat_text_too_long", "error.inbox_after",
        "error.inbox_limit", "error.nlu_text_missing", "error.nlu_text_too_long",
        "error.case_status_filter", "error.flags", "error.item_status_unknown", "error.agreement_signed_on_missing", "error.item_code_empty", "error.case_duplicate", "error.case_duplicate_other", "error.not_duplicate_of", "error.meeting_time_missing", "error.missed_supervisor_only",
        "error.missed_range", "error.learn_supervisor_only", "error.learn_text", "error.learn_target", "error.learn_intent_unknown",
        "error.learn_entry_unknown", "error.export_supervisor_only", "error.outbox_supervisor_only", "error.outbox_status", "error.outbox_limit",
        "error.outbox_retry_not_dead", "error.outbox_message_unknown", "error.ledger_format", "error.ledger_period_missing", "error.ledger_period_range",
        "error.callback_refused", "error.callback_too_many",
        "signin.page_title", "signin.heading", "signin.again", "signin.local.title", "signin.local", "signin.local_nobody", "signin.expired.title",
        "signin.expired", "signin.no_code.title", "signin.no_code", "signin.failed.title", "signin.failed", "signin.refused.title", "signin.not_member",
        "signin.not_staff", "signin.not_staff_local",
        "ledger.file.case", "ledger.file.period",
        "role.supervisor", "role.assistant", "role.contact", "role.system",
        .. Admin.LedgerText.TemplateKeys, .. Admin.CaseIntakeApi.FormTextKeys,
    ];

    private readonly ReplyTemplates _texts;

    public ConsoleTexts(ReplyTemplates texts)
    {
        texts.Require(FileName, Keys);
        _texts = texts;
    }

    public static ConsoleTexts Load(string dialogsFolder) => new(ReplyTemplates.Load(Path.Combine(dialogsFolder, FileName)));

    /// <summary>The texts of the host answering <paramref name="context"/>, for the middleware and filters that take no services.</summary>
    public static ConsoleTexts Of(HttpContext context) => context.RequestServices.GetRequiredService<ConsoleTexts>();

    /// <summary>A text with its {placeholders} filled.</summary>
    public string Text(string key, params (string Key, string Value)[] values) => _texts.Render(key, ReplyTemplates.Values(values));

    /// <summary>The JSON error {"error": "…"} with <paramref name="status"/>, worded by <paramref name="key"/>.</summary>
    public JsonHttpResult<ApiError> Error(int status, string key, params (string Key, string Value)[] values) => ApiError.Result(status, Text(key, values));

    /// <summary>A 400 worded by <paramref name="key"/>.</summary>
    public JsonHttpResult<ApiError> BadRequest(string key, params (string Key, string Value)[] values) => Error(StatusCodes.Status400BadRequest, key, values);
}
