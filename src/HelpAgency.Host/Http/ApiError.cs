using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpAgency.Host.Http;

/// <summary>The body of every 4xx and 5xx answer of the JSON API: {"error": "..."}.</summary>
public sealed record ApiError(string Error)
{
    public static JsonHttpResult<ApiError> Result(int status, string error) => TypedResults.Json(new ApiError(error), statusCode: status);

    public static JsonHttpResult<ApiError> BadRequest(string error) => Result(StatusCodes.Status400BadRequest, error);
}
