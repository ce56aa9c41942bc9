using System.Globalization;
using System.Threading.RateLimiting;
using HelpAgency.Host.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host.Limits;

/// <summary>
/// ASP.NET Core's rate limiter for the endpoints anyone can reach (the local channel, NLU): a fixed window per client
/// address. Per-user limits and the WeCom callback's are <see cref="TurnLimits"/> and <see cref="CallbackRefusals"/>,
/// which know the user or the outcome, as the middleware does not.
/// </summary>
public static class RequestLimits
{
    /// <summary>The policy name endpoints opt into.</summary>
    public const string PerClientPolicy = "per-client";

    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitOptions>().Bind(configuration.GetSection(LimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitOptions>, LimitOptionsValidator>();
        services.AddSingleton<TurnLimits>();
        services.AddSingleton<CallbackRefusals>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await context.HttpContext.Response.WriteAsJsonAsync(new ApiError(ConsoleTexts.Of(context.HttpContext).Text("error.too_many")), cancellationToken);
            };
            o.AddPolicy(PerClientPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PerClientPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>The client's address as the forwarded-headers middleware left it (a trusted proxy's X-Forwarded-For).</summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>A 429 with the JSON error and a hint to retry after a few seconds.</summary>
    public static TooManyResult TooMany(string error) => new(error);

    /// <summary>429 with the JSON error and Retry-After: 5.</summary>
    public sealed class TooManyResult(string error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "5";
            return ApiError.Result(StatusCodes.Status429TooManyRequests, error).ExecuteAsync(httpContext);
        }
    }
}
