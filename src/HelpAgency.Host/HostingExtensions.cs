using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Conversation;
using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Dialogs.Actions;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Recognition;
using HelpAgency.Host.Admin;
using HelpAgency.Host.Http;
using HelpAgency.Host.Limits;
using HelpAgency.Host.LocalChannel;
using HelpAgency.Host.Nlu;
using HelpAgency.Host.Pushes;
using HelpAgency.Host.StaffSignIn;
using HelpAgency.Host.Startup;
using HelpAgency.Host.WeComChannel;
using HelpAgency.Storage;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host;

/// <summary>The dialogs folder, resolved against the content root.</summary>
public sealed record DialogFolder(string Path);

/// <summary>The composition root of the bot host.</summary>
public static class HostingExtensions
{
    /// <summary>The address the host listens on when neither --urls nor ASPNETCORE_URLS says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddHelpAgency(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) && string.IsNullOrEmpty(configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Secrets travel in WeCom API addresses (gettoken's corpsecret, every call's access_token): the HTTP client's
        // per-request logs stay below the default level, whatever appsettings.json says of the rest.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        services.ConfigureHttpJsonOptions(o =>
        {
            // Chinese stays readable in responses; HTML-sensitive characters are still escaped.
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        services.AddSingleton(TimeProvider.System);

        services.AddHelpAgencyStorage(configuration, contentRoot);
        services.AddHelpAgencyCatalog(configuration, contentRoot);
        // The case operations, one class per step of the service, sharing the guard (access, input, ledger) and the pushes.
        services.AddSingleton<CaseGuard>();
        services.AddSingleton<CasePushes>();
        services.AddSingleton<CaseReader>();
        services.AddSingleton<CaseIntake>();
        services.AddSingleton<CaseProgress>();
        services.AddSingleton<CaseCoordination>();
        services.AddSingleton<CaseClosing>();
        services.AddSingleton<CaseSupervision>();
        services.AddSingleton<CaseOperations>();
        services.AddOptions<CaseOptions>().Bind(configuration.GetSection(CaseOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CaseOptions>, CaseOptionsValidator>();
        // Which conditional items a new case plans, decided by the conditions the knowledge answers "do I need X" with.
        services.AddSingleton(sp => PlanScope.Load(
            Path.Combine(sp.GetRequiredService<DialogFolder>().Path, PlanScope.FileName),
            sp.GetRequiredService<HelpAgency.Core.Catalog.ApprovalCatalog>(),
            sp.GetRequiredService<HelpAgency.Core.Knowledge.ConditionAnswerer>().Conditions));
        services.AddOptions<StaffOptions>().Bind(configuration.GetSection(StaffOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StaffOptions>, StaffOptionsValidator>();
        services.AddSingleton<DemoSeeder>();

        services.AddOptions<ContentOptions>().Bind(configuration.GetSection(ContentOptions.Section));
        services.AddSingleton<DialogFolder>(sp => new(Path.GetFullPath(sp.GetRequiredService<IOptions<ContentOptions>>().Value.Path, contentRoot)));
        services.AddSingleton(sp => ReplyTemplates.Load(Path.Combine(sp.GetRequiredService<DialogFolder>().Path, ReplyTemplates.FileName)));
        services.AddSingleton(sp => BotSettings.Load(Path.Combine(sp.GetRequiredService<DialogFolder>().Path, BotSettings.FileName)));
        services.AddSingleton(sp => ConsoleTexts.Load(sp.GetRequiredService<DialogFolder>().Path));
        services.AddSingleton(sp => new DialogContent(
            FlowLoader.Load(Path.Combine(sp.GetRequiredService<DialogFolder>().Path, FlowLoader.Folder)),
            SlotValidators.All(),
            DialogActions.All(),
            sp.GetRequiredService<ReplyTemplates>(),
            ReplyTemplates.FileName));
        services.AddOptions<PushOptions>().Bind(configuration.GetSection(PushOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PushOptions>, PushOptionsValidator>();
        services.AddSingleton<TransactionalOutbox>();
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<TransactionalOutbox>());
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<TransactionalOutbox>());
        // Pushes go through WeCom when the channel is configured, to the local inbox otherwise.
        services.AddSingleton<IPushSender>(sp => sp.GetRequiredService<IOptions<HelpAgency.WeCom.WeComOptions>>().Value.IsConfigured
            ? new WeComPushSender(sp.GetRequiredService<HelpAgency.WeCom.Api.WeComApiClient>())
            : new LocalInboxSender());
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<FollowUpScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<FollowUpScheduler>());
        services.AddSingleton<DialogServices>();
        // The recognizer reads the catalog's names from the dialogs folder, with the rest of its content.
        services.AddHelpAgencyRecognition(sp => sp.GetRequiredService<DialogFolder>().Path, sp => sp.GetRequiredService<IOptions<CatalogOptions>>().Value.FullPath);
        services.AddSingleton<IProjectDirectory, DatabaseProjectDirectory>();
        services.AddSingleton<Learning.LearnedContent>();
        services.AddHostedService(sp => sp.GetRequiredService<Learning.LearnedContent>());
        services.AddOptions<Learning.MissedQuestionOptions>().Bind(configuration.GetSection(Learning.MissedQuestionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Learning.MissedQuestionOptions>, Learning.MissedQuestionOptionsValidator>();
        services.AddSingleton<Learning.MissedQuestionRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<Learning.MissedQuestionRetention>());
        services.AddSingleton<IBot, DialogBot>();
        services.AddSingleton<UserTurnGate>();
        services.AddSingleton<TurnProcessor>();
        services.AddWeComChannel(configuration);
        services.AddLocalChannel(configuration);
        services.AddRequestLimits(configuration);
        ProxyOptions.AddProxyTrust(services, configuration);
        services.AddStaffSignIn(configuration);
        services.AddAdminApi();

        // Runs before the server accepts requests: schema migrations, then content validation.
        services.AddHostedService<StartupTasks>();
        return builder;
    }
}
