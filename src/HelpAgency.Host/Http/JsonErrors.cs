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
            var (status, message) = problem switch
            {
                BadHttpRequestException bad => (bad.StatusCode, "请求格式不正确。"),
                _ => (StatusCodes.Status500InternalServerError, "服务暂时出了点问题，请稍后再试。"),
            };
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new ApiError(message));
        }));

        app.UseStatusCodePages(async status =>
        {
            var response = status.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
            {
                return;
            }

            var message = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => "找不到这个地址。",
                StatusCodes.Status405MethodNotAllowed => "不支持这个请求方法。",
                StatusCodes.Status413PayloadTooLarge => "请求内容过大。",
                StatusCodes.Status415UnsupportedMediaType => "请以 JSON 格式发送请求。",
                _ => "请求无法处理。",
            };
            await response.WriteAsJsonAsync(new ApiError(message));
        });
        return app;
    }
}
