using System.Reflection;
using HelpAgency.Core.Persistence;

namespace HelpAgency.Host.Health;

/// <summary>GET /healthz: whether the host and its database answer.</summary>
public static class HealthApi
{
    private static readonly string Version =
        typeof(HealthApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (IDatabaseHealth database, CancellationToken cancellationToken) =>
        {
            var up = await database.PingAsync(cancellationToken);
            return TypedResults.Json(
                new HealthReport(up ? "ok" : "unavailable", database.Engine, Version),
                statusCode: up ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    /// <summary>The answer of /healthz: "ok" or "unavailable", the database engine, the host's version.</summary>
    public sealed record HealthReport(string Status, string Database, string Version);
}
