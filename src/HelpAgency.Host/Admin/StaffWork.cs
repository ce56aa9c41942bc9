using HelpAgency.Core.Cases;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Host.Admin;

/// <summary>Runs one case operation for the signed-in staff member in its own transaction, committed when it succeeds.</summary>
public sealed class StaffWork(IUnitOfWorkFactory database, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<T> RunAsync<T>(HttpContext context, Func<OperationContext, Task<T>> operation)
    {
        await using var work = await database.BeginAsync(context.RequestAborted);
        var result = await operation(new OperationContext(work, StaffActor.Of(context), clock.GetUtcNow()));
        await work.CommitAsync(context.RequestAborted);
        return result;
    }
}
