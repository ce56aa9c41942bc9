namespace HelpAgency.Host.Http;

/// <summary>The body of every 4xx and 5xx answer of the JSON API.</summary>
public sealed record ApiError(string Error)
{
    public static IResult Result(int status, string error) => Results.Json(new ApiError(error), statusCode: status);

    public static IResult BadRequest(string error) => Result(StatusCodes.Status400BadRequest, error);
}
