namespace HelpAgency.Load;

/// <summary>The ceiling: an ASP.NET Core endpoint that reads the POSTed body and answers, doing nothing else.</summary>
public static class BareEndpoint
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        app.MapPost("/", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Text("");
        });
        await app.RunAsync();
        return 0;
    }
}
