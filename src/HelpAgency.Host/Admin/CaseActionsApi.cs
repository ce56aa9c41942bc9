using HelpAgency.Core;
using HelpAgency.Core.Cases;
using HelpAgency.Host.Http;

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
        return admin;
    }

    private static async Task<IResult> UpdateItemAsync(long id, string code, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<ItemUpdateRequest>(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (!StoredNames.TryParseStored<ItemStatus>(body!.Status, out var to))
        {
            return ApiError.BadRequest("status 不是有效的事项状态（如 preparing、submitted、accepted、approved）。");
        }

        var change = await work.RunAsync(context, ctx => operations.Progress.UpdateItemAsync(ctx, id, code, to, body.CertificateNo, body.Note, cancellationToken));
        return Results.Ok(new { item = change.After.ItemCode, from = change.Before.Status.ToStored(), status = change.After.Status.ToStored(), completedStage = change.CompletedStage });
    }

    private static async Task<IResult> LogServiceAsync(long id, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<ServiceRecordRequest>(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var entry = await work.RunAsync(context, ctx => operations.Progress.LogServiceAsync(ctx, id, body!.Text ?? "", Blank(body.ItemCode), cancellationToken));
        return Results.Ok(new { ledgerId = entry });
    }

    private static async Task<IResult> RaiseIssueAsync(long id, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<IssueRequest>(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var issue = await work.RunAsync(context, ctx => operations.Coordination.RaiseIssueAsync(ctx, id, Blank(body!.ItemCode), body.Title ?? "", body.LeadDepartment ?? "", cancellationToken));
        return Results.Ok(new { id = issue.Id, status = issue.Status.ToStored() });
    }

    private static async Task<IResult> ScheduleMeetingAsync(long id, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<MeetingBody>(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (body!.StartsAt is not { } startsAt)
        {
            return ApiError.BadRequest("请填写会议时间 startsAt（如 2026-12-01T09:30:00+08:00）。");
        }

        var request = new MeetingRequest(body.Topic ?? "", startsAt, body.Place ?? "", body.Participants ?? [], body.Agenda, body.IssueId);
        var meeting = await work.RunAsync(context, ctx => operations.Coordination.ScheduleMeetingAsync(ctx, id, request, cancellationToken));
        return Results.Ok(new { id = meeting.Id, status = meeting.Status.ToStored() });
    }

    private static async Task<IResult> ReassignAsync(long id, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<ReassignRequest>(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var updated = await work.RunAsync(context, ctx => operations.Supervision.ReassignAsync(ctx, id, body!.AssistantId?.Trim() ?? "", cancellationToken));
        return Results.Ok(new { id = updated.Id, assistant = updated.AssistantId });
    }

    private static async Task<IResult> ArchiveAsync(long id, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        var archived = await work.RunAsync(context, ctx => operations.Closing.ArchiveAsync(ctx, id, cancellationToken));
        return Results.Ok(new { id = archived.Id, status = archived.Status.ToStored() });
    }

    private static async Task<IResult> TerminateAsync(long id, HttpContext context, CaseOperations operations, StaffWork work, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<TerminateRequest>(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var terminated = await work.RunAsync(context, ctx => operations.Closing.TerminateAsync(ctx, id, body!.Reason ?? "", cancellationToken));
        return Results.Ok(new { id = terminated.Id, status = terminated.Status.ToStored() });
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
