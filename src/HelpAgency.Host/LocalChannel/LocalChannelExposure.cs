using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HelpAgency.Host.LocalChannel;

/// <summary>
/// Warns at start when the local channel lets anyone act as anyone and the host listens beyond loopback: fine for a
/// demo on one machine, a back door anywhere else.
/// </summary>
public sealed class LocalChannelExposure(LocalChannelAccess access, IServer server, ILogger<LocalChannelExposure> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (access.Mode == LocalChannelMode.AnyUser && exposed.Count > 0)
        {
            logger.LogWarning(
                "The local chat channel is on without WeCom, so anyone who reaches {Addresses} can act as any user. Listen on 127.0.0.1 only, or configure WeCom.",
                string.Join(", ", exposed));
        }

        return Task.CompletedTask;
    }

    /// <summary>True for an address only this machine can reach; "+", "*", "0.0.0.0" and names other than localhost are not.</summary>
    public static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://wildcard.invalid", StringComparison.Ordinal).Replace("://*", "://wildcard.invalid", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
