using HelpAgency.Core.Cases;
using HelpAgency.Host.Http;

namespace HelpAgency.Host.Admin;

/// <summary>Turns a refused case operation into its HTTP answer: 400, 403, 404 or 409 with the operation's own message.</summary>
public static class CaseErrorResults
{
    public static int StatusOf(CaseError error) => error switch
    {
        CaseError.Invalid => StatusCodes.Status400BadRequest,
        CaseError.Forbidden => StatusCodes.Status403Forbidden,
        CaseError.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status409Conflict,
    };

    public static async ValueTask<object?> MapAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (CaseOperationException refused)
        {
            return ApiError.Result(StatusOf(refused.Error), refused.Message);
        }
    }
}
