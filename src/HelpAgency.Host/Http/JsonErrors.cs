using Microsoft.AspNetCore.Diagnostics;

namespace HelpAgency.Host.Http;

/// <summary>Makes every error of the API a JSON body with an "error" field, including 404s and crashes.</summary>
public static class JsonErrors
{
    public static WebApplication UseJsonErrors(this WebApplication app)
    {
        app.UseExceptionHandler(error => error.Run(async context =>
        {
            var problem = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var (status, key) = problem switch
            {
                BadHttpRequestException bad => (bad.StatusCode, "error.bad_request"),
                _ => (StatusCodes.Status500InternalServerError, "error.server"),
            };
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new ApiError(ConsoleTexts.Of(context).Text(key)));
        }));

        app.UseStatusCodePages(async status =>
        {
            var response = status.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
            {
                return;
            }

            var key = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => "error.not_found",
                StatusCodes.Status405MethodNotAllowed => "error.method_not_allowed",
                StatusCodes.Status413PayloadTooLarge => "error.too_large",
                StatusCodes.Status415UnsupportedMediaType => "error.json_only",
                _ => "error.unprocessable",
            };
            await response.WriteAsJsonAsync(new ApiError(ConsoleTexts.Of(status.HttpContext).Text(key)));
        });
        return app;
    }
}
