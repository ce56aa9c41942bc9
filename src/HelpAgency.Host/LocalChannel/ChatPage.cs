using HelpAgency.Host.StaffSignIn;
using Microsoft.Extensions.FileProviders;

namespace HelpAgency.Host.LocalChannel;

/// <summary>
/// Serves the web chat page, which ships inside the assembly with the console's files. The page belongs to the local
/// channel: not found when the channel is off, behind the staff sign-in when only staff may chat.
/// </summary>
public static class ChatPage
{
    private static readonly HashSet<string> PageFiles = new(StringComparer.OrdinalIgnoreCase) { "/", "/index.html", "/app.js", "/app.css" };

    public static WebApplication UseChatPage(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<LocalChannelAccess>();
        var mode = access.Mode;
        if (mode != LocalChannelMode.AnyUser)
        {
            app.Use(async (context, next) =>
            {
                var path = context.Request.Path.Value ?? "";
                if (!PageFiles.Contains(path))
                {
                    await next(context);
                }
                else if (mode == LocalChannelMode.Off)
                {
                    await access.NotServed.ExecuteAsync(context);
                }
                else if (!StaffPrincipal.IsStaff(context.User) && path is "/" or "/index.html")
                {
                    context.Response.Redirect($"{StaffSignInApi.SignInPath}?returnUrl={Uri.EscapeDataString(path)}");
                }
                else
                {
                    await next(context);
                }
            });
        }

        var files = new ManifestEmbeddedFileProvider(typeof(ChatPage).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
