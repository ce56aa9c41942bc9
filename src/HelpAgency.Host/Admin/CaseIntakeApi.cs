using HelpAgency.Core.Cases;
using HelpAgency.Host.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Admin;

/// <summary>
/// POST /api/admin/cases: staff enter an application on the enterprise's behalf from the paper 申请表 its 项目经办人
/// signed, which is the 委托协议 a case opens on (the case operation refuses an application without it). An application
/// repeating an open case of the same unit and project gets 409 naming that case, and opens only when it is resent
/// with that case's id as notDuplicateOf.
/// </summary>
public static class CaseIntakeApi
{
    public static RouteGroupBuilder MapCaseIntake(this RouteGroupBuilder admin)
    {
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
            NotDuplicateOf: request.NotDuplicateOf);
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
