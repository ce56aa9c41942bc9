using HelpAgency.Core.Conversation;
using HelpAgency.Core.Recognition;
using HelpAgency.Storage.Migrations;

namespace HelpAgency.Host.Startup;

/// <summary>
/// Prepares the host before it takes traffic: migrates the database and loads the dialog content, so a
/// bad schema or a bad YAML file stops the start with a clear message instead of failing a user's turn.
/// </summary>
internal sealed class StartupTasks(MigrationRunner migrations, IServiceProvider services) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrations.RunAsync(cancellationToken);
        _ = services.GetRequiredService<IBot>();
        _ = services.GetRequiredService<IntentRecognizer>();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
