using HelpAgency.WeCom.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace HelpAgency.WeCom;

public static class WeComServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WeComApiClient"/> as a typed HttpClient behind a Polly v8 pipeline (total
    /// timeout, retries with exponential backoff and jitter, circuit breaker, timeout per attempt) and
    /// the shared <see cref="AccessTokenCache"/>. Options come from <see cref="WeComOptions"/>.
    /// </summary>
    public static IHttpClientBuilder AddWeComApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AccessTokenCache>();
        var client = services
            .AddHttpClient<WeComApiClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<WeComOptions>>().Value;
                http.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts rule
            });
        client.AddResilienceHandler("wecom", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<WeComOptions>>().Value;
            var attempt = TimeSpan.FromSeconds(options.ApiAttemptTimeoutSeconds);
            var firstDelay = TimeSpan.FromMilliseconds(options.ApiRetryDelayMilliseconds);

            // Backoff and timeouts are wall-clock waits, whatever clock the business logic runs on.
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(attempt * (options.ApiMaxRetries + 1) + (firstDelay * Math.Pow(2, options.ApiMaxRetries + 1)) + TimeSpan.FromSeconds(5));
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.ApiMaxRetries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay,
                ShouldHandle = args => options.ApiMaxRetries == 0 ? ValueTask.FromResult(false) : WeComTransientFailures.ShouldRetryAsync(args.Outcome, args.Context.GetRequestMessage(), args.Context.CancellationToken),
            });
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
                ShouldHandle = args => WeComTransientFailures.IsTransientAsync(args.Outcome, args.Context.CancellationToken),
            });
            pipeline.AddTimeout(attempt);
        });
        return client;
    }
}
