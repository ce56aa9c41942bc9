using Microsoft.Extensions.FileProviders;

namespace HelpAgency.Host.LocalChannel;

/// <summary>Serves the web chat page, which ships inside the assembly.</summary>
public static class ChatPage
{
    public static WebApplication UseChatPage(this WebApplication app)
    {
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
