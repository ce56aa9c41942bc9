using HelpAgency.Host;
using HelpAgency.Host.Admin;
using HelpAgency.Host.Health;
using HelpAgency.Host.Http;
using HelpAgency.Host.Learning;
using HelpAgency.Host.LocalChannel;
using HelpAgency.Host.Nlu;
using HelpAgency.Host.StaffSignIn;
using HelpAgency.Host.WeComChannel;

var builder = WebApplication.CreateBuilder(args);
builder.AddHelpAgency();

var app = builder.Build();
if (args is [MergeLearnedCommand.Name, ..])
{
    await app.Services.GetRequiredService<HelpAgency.Storage.Migrations.MigrationRunner>().RunAsync(CancellationToken.None);
    return await MergeLearnedCommand.RunAsync(app.Services, Console.Out);
}

app.UseForwardedHeaders();
app.UseJsonErrors();
app.UseStaffSignIn();
app.UseRateLimiter();
app.UseChatPage();
app.MapHealthApi();
app.MapLocalChannelApi();
app.MapNluApi();
app.MapStaffSignIn();
app.MapOutboxAdminApi();
app.MapAdminApi();
app.MapWeComChannel();
app.Run();
return 0;

/// <summary>The host's entry point; public so that tests can start it in-process.</summary>
public partial class Program;
