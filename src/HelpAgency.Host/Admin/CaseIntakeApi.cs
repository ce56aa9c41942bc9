using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Host.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Admin;

/// <summary>
/// POST /api/admin/cases: staff enter an application on the enterprise's behalf from the paper 申请表 its 项目经办人
/// signed, which is the 委托协议 a case opens on (the case operation refuses an application without it). An application
/// repeating an open case of the same unit and project gets 409 naming that case, and opens only when it is resent
/// with that case's id as notDuplicateOf. GET /api/admin/intake gives the console's intake page its texts and choices.
/// </summary>
public static class CaseIntakeApi
{
    /// <summary>The texts of the console's intake page (console.yaml); the start fails without one.</summary>
    public static readonly IReadOnlyList<string> FormTextKeys =
    [
        "intake.nav", "intake.title", "intake.lead", "intake.section.project", "intake.section.contact", "intake.section.agreement",
        "intake.project_name", "intake.unit_name", "intake.credit_code", "intake.project_type", "intake.park", "intake.key_project",
        "intake.commits_to_start", "intake.contact_name", "intake.contact_phone", "intake.contact_user", "intake.assistant", "intake.assistant_auto",
        "intake.signed_on", "intake.signed_by", "intake.choose", "intake.not_duplicate", "intake.submit", "intake.submitting",
    ];

    public static RouteGroupBuilder MapCaseIntake(this RouteGroupBuilder admin)
    {
        admin.MapGet("/intake", (ConsoleTexts texts, ApprovalCatalog catalog) => TypedResults.Ok(new IntakeForm(
            FormTextKeys.ToDictionary(k => k, k => texts.Text(k), StringComparer.Ordinal),
            catalog.ProjectTypes.Where(t => !t.Overlay).Select(t => new ProjectTypeInfo(t.Code, t.Name)).ToList())));
        admin.MapPost("/cases", OpenAsync);
        return admin;
    }

    private static async Task<Results<Created<CaseOpened>, Conflict<DuplicateApplication>, JsonHttpResult<ApiError>>> OpenAsync(
        JsonBody<CaseApplicationRequest> body, HttpContext context, CaseOperations operations, StaffWork work, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        if (body.Error is { } error)
        {
            return error;
        }

        var request = body.Value;
        if (request.Agreement is { SignedOn: null })
        {
            return texts.BadRequest("error.agreement_signed_on_missing");
        }

        if (request.ItemCodes?.Any(string.IsNullOrWhiteSpace) == true)
        {
            return texts.BadRequest("error.item_code_empty");
        }

        if (request.NotDuplicateOf is <= 0)
        {
            return texts.BadRequest("error.not_duplicate_of");
        }

        var application = new ServiceApplication(
            request.ProjectName ?? "", request.UnitName ?? "", request.CreditCode ?? "", request.ProjectType ?? "", request.Park ?? "",
            request.ContactName ?? "", request.ContactPhone ?? "", request.IsKeyProject ?? false, request.CommitsToStart ?? false,
            request.ItemCodes, request.ContactUserId,
            Agreement: request.Agreement is { SignedOn: { } signedOn } form ? new SignedOnPaper(signedOn, form.SignedBy ?? "") : null,
            NotDuplicateOf: request.NotDuplicateOf, AssistantId: request.AssistantId);
        CaseDetails details;
        try
        {
            details = await work.RunAsync(context, ctx => operations.Intake.ApplyAsync(ctx, application, cancellationToken));
        }
        catch (DuplicateApplicationException duplicate)
        {
            var open = duplicate.OpenCase;
            var message = texts.Text(request.NotDuplicateOf is null ? "error.case_duplicate" : "error.case_duplicate_other", ("reference", open.ReferenceNo), ("project", open.ProjectName));
            return TypedResults.Conflict(new DuplicateApplication(message, new OpenCaseRef(open.CaseId, open.ReferenceNo, open.ProjectName)));
        }

        var opened = details.Case;
        return TypedResults.Created($"/api/admin/cases/{opened.Id}", new CaseOpened(opened.Id, opened.ReferenceNo, opened.AssistantId, details.Items.Max(i => i.PlannedDue)));
    }
}
