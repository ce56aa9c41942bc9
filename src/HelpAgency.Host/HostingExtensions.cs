using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using HelpAgency.Core.Content;
using HelpAgency.Core.Conversation;
using HelpAgency.Host.Startup;
using HelpAgency.Host.WeComChannel;
using HelpAgency.Storage;
using Microsoft.Extensions.Options;

namespace HelpAgency.Host;

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

        services.AddOptions<ContentOptions>().Bind(configuration.GetSection(ContentOptions.Section));
        services.AddSingleton(sp =>
        {
            var folder = Path.GetFullPath(sp.GetRequiredService<IOptions<ContentOptions>>().Value.Path, contentRoot);
            var path = Path.Combine(folder, ReplyTemplates.FileName);
            var replies = ReplyTemplates.Load(path);
            replies.Require(path, StarterBot.RequiredTemplates);
            return replies;
        });
        services.AddSingleton<IBot, StarterBot>();
        services.AddSingleton<UserTurnGate>();
        services.AddSingleton<TurnProcessor>();
        services.AddWeComChannel(configuration);

        // Runs before the server accepts requests: schema migrations, then content validation.
        services.AddHostedService<StartupTasks>();
        return builder;
    }
}
