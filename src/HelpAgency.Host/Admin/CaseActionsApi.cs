using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Host.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Admin;

/// <summary>The case operations staff can do in chat, as POSTs under /api/admin/cases/{id}; each calls <see cref="CaseOperations"/>.</summary>
public static class CaseActionsApi
{
    public static RouteGroupBuilder MapCaseActions(this RouteGroupBuilder admin)
    {
        var cases = admin.MapGroup("/cases/{id:long}");
        cases.MapPost("/items/{code}", UpdateItemAsync);
        cases.MapPost("/records", LogServiceAsync);
        cases.MapPost("/issues", RaiseIssueAsync);
        cases.MapPost("/meetings", ScheduleMeetingAsync);
        cases.MapPost("/reassign", ReassignAsync);
        cases.MapPost("/archive", ArchiveAsync);
        cases.MapPost("/terminate", TerminateAsync);
        cases.MapPost("/request-evaluation", RequestEvaluationAsync);
        cases.MapPost("/terminate-unanswered", TerminateUnansweredAsync);
        return admin;
    }

    private static async Task<Results<Ok<ItemUpdated>, JsonHttpResult<ApiError>>> UpdateItemAsync(
        long id, string code, JsonBody<ItemUpdateRequest> body, HttpContext context, CaseOperations operations, StaffWork work, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        if (body.Error is { } error)
        {
            return error;
        }

        var request = body.Value;
        if (!StoredNames.TryParseStored<ItemStatus>(request.Status, out var to))
        {
            return texts.BadRequest("error.item_status_unknown");
        }

        var change = await work.RunAsync(context, ctx => operations.Progress.UpdateItemAsync(ctx, id, code, to, request.CertificateNo, request.Note, cancellationToken));
        return TypedResults.Ok(new ItemUpdated(change.After.ItemCode, change.Before.Status.ToStored(), change.After.Status.ToStored(), change.CompletedStage));
    }

    private static async Task<Results<Ok<RecordLogged>, JsonHttpResult<ApiError>>> LogServiceAsync(
        long id, JsonBody<ServiceRecordRequest> body, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        if (body.Error is { } error)
        {
            return error;
        }

        var request = body.Value;
        var entry = await work.RunAsync(context, ctx => operations.Progress.LogServiceAsync(ctx, id, request.Text ?? "", Blank(request.ItemCode), cancellationToken));
        return TypedResults.Ok(new RecordLogged(entry));
    }

    private static async Task<Results<Ok<StatusOf>, JsonHttpResult<ApiError>>> RaiseIssueAsync(
        long id, JsonBody<IssueRequest> body, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        if (body.Error is { } error)
        {
            return error;
        }

        var request = body.Value;
        var issue = await work.RunAsync(context, ctx => operations.Coordination.RaiseIssueAsync(ctx, id, Blank(request.ItemCode), request.Title ?? "", request.LeadDepartment ?? "", cancellationToken));
        return TypedResults.Ok(new StatusOf(issue.Id, issue.Status.ToStored()));
    }

    private static async Task<Results<Ok<StatusOf>, JsonHttpResult<ApiError>>> ScheduleMeetingAsync(
        long id, JsonBody<MeetingBody> body, HttpContext context, CaseOperations operations, StaffWork work, ConsoleTexts texts, CancellationToken cancellationToken)
    {
        if (body.Error is { } error)
        {
            return error;
        }

        var meetingBody = body.Value;
        if (meetingBody.StartsAt is not { } startsAt)
        {
            return texts.BadRequest("error.meeting_time_missing");
        }

        var request = new MeetingRequest(meetingBody.Topic ?? "", startsAt, meetingBody.Place ?? "", meetingBody.Participants ?? [], meetingBody.Agenda, meetingBody.IssueId);
        var meeting = (await work.RunAsync(context, ctx => operations.Coordination.ScheduleMeetingAsync(ctx, id, request, cancellationToken))).Meeting;
        return TypedResults.Ok(new StatusOf(meeting.Id, meeting.Status.ToStored()));
    }

    private static async Task<Results<Ok<Reassigned>, JsonHttpResult<ApiError>>> ReassignAsync(
        long id, JsonBody<ReassignRequest> body, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        if (body.Error is { } error)
        {
            return error;
        }

        var updated = await work.RunAsync(context, ctx => operations.Supervision.ReassignAsync(ctx, id, body.Value.AssistantId?.Trim() ?? "", cancellationToken));
        return TypedResults.Ok(new Reassigned(updated.Id, updated.AssistantId));
    }

    private static async Task<Ok<StatusOf>> ArchiveAsync(long id, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        var archived = await work.RunAsync(context, ctx => operations.Closing.ArchiveAsync(ctx, id, cancellationToken));
        return TypedResults.Ok(new StatusOf(archived.Id, archived.Status.ToStored()));
    }

    private static Task<Results<Ok<StatusOf>, JsonHttpResult<ApiError>>> TerminateAsync(
        long id, JsonBody<TerminateRequest> body, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken) =>
        EndAsync(body, context, work, (ctx, reason) => operations.Closing.TerminateAsync(ctx, id, reason, cancellationToken));

    /// <summary>请企业评价: the contacts are asked; the answer says from which day the case may be ended without the evaluation.</summary>
    private static async Task<Ok<EvaluationRequested>> RequestEvaluationAsync(long id, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        var wait = await work.RunAsync(context, ctx => operations.Closing.RequestEvaluationAsync(ctx, id, cancellationToken));
        return TypedResults.Ok(new EvaluationRequested(id, wait.RequestedOn, wait.TerminableFrom));
    }

    /// <summary>未评价终止: a supervisor ends a case whose contacts never gave the evaluation they were asked for.</summary>
    private static Task<Results<Ok<StatusOf>, JsonHttpResult<ApiError>>> TerminateUnansweredAsync(
        long id, JsonBody<TerminateRequest> body, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken) =>
        EndAsync(body, context, work, (ctx, reason) => operations.Closing.TerminateUnansweredAsync(ctx, id, reason, cancellationToken));

    private static async Task<Results<Ok<StatusOf>, JsonHttpResult<ApiError>>> EndAsync(
        JsonBody<TerminateRequest> body, HttpContext context, StaffWork work, Func<OperationContext, string, Task<ServiceCase>> terminate)
    {
        if (body.Error is { } error)
        {
            return error;
        }

        var terminated = await work.RunAsync(context, ctx => terminate(ctx, body.Value.Reason ?? ""));
        return TypedResults.Ok(new StatusOf(terminated.Id, terminated.Status.ToStored()));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
