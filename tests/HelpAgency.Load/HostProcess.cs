using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HelpAgency.Load;

/// <summary>A process of the load project's own or of the bot host, on a free loopback port, stopped when disposed.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the bot host built beside this program, from the repository root, with the given settings.</summary>
    public static Task<HostProcess> StartBotAsync(string repositoryRoot, string configuration, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(repositoryRoot, "src", "HelpAgency.Host", "bin", configuration, "net10.0", "HelpAgency.Host.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The host is not built: {dll}. Run the load benchmark with dotnet run, which builds it.");
        }

        return StartAsync(dll, [], repositoryRoot, settings, "/healthz", cancellationToken);
    }

    /// <summary>Starts this program again as the bare endpoint that gives the ceiling.</summary>
    public static Task<HostProcess> StartBareAsync(CancellationToken cancellationToken)
    {
        var dll = typeof(HostProcess).Assembly.Location;
        return StartAsync(dll, ["bare"], AppContext.BaseDirectory, new Dictionary<string, string>(), "/", cancellationToken);
    }

    private static async Task<HostProcess> StartAsync(string dll, string[] args, string workingDirectory, IReadOnlyDictionary<string, string> settings, string probe, CancellationToken cancellationToken)
    {
        var url = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (errors) { errors.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probeClient = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{errors}");
            }

            try
            {
                using var response = await probeClient.GetAsync(url + probe, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new HostProcess(process, url);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"{Path.GetFileName(dll)} did not answer {probe} within 90 s:\n{errors}");
    }

    /// <summary>The process's resident set (its working set on Linux), in MiB.</summary>
    public double WorkingSetMiB()
    {
        _process.Refresh();
        return _process.WorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>The process's peak resident set over its life (VmHWM on Linux), in MiB.</summary>
    public double PeakWorkingSetMiB()
    {
        _process.Refresh();
        return _process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
