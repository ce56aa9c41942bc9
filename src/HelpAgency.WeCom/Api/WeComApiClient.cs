using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpAgency.WeCom.Api;

/// <summary>
/// The WeCom server API. Transport retries, timeouts and the circuit breaker live in the HttpClient's
/// resilience pipeline; this class adds the token: a call that WeCom answers with a rejected-token
/// code refreshes it once and is tried once more. Errors come back typed, never as exceptions; an
/// exception means the transport gave up (HTTP failure after retries, open circuit, bad answer).
/// </summary>
public sealed class WeComApiClient(HttpClient http, AccessTokenCache tokens, IOptions<WeComOptions> options, ILogger<WeComApiClient> logger)
{
    private readonly WeComOptions _options = options.Value;

    /// <summary>message/send: text, markdown, textcard or template_card to users, parties or tags.</summary>
    public Task<MessageSendResult> SendMessageAsync(AppMessage message, CancellationToken cancellationToken) =>
        PostWithTokenAsync("cgi-bin/message/send", message.ToJson(_options.AgentId), MessageSendResult.Read, Fail<MessageSendResult>, cancellationToken);

    /// <summary>message/update_template_card: replaces a clicked card, once, with its response code.</summary>
    public Task<MessageSendResult> UpdateTemplateCardAsync(TemplateCardUpdate update, CancellationToken cancellationToken) =>
        PostWithTokenAsync("cgi-bin/message/update_template_card", update.ToJson(_options.AgentId), MessageSendResult.Read, Fail<MessageSendResult>, cancellationToken);

    /// <summary>appchat/create: a group chat of 2..2000 members owned by the app.</summary>
    public Task<AppChatCreateResult> CreateAppChatAsync(string name, string owner, IReadOnlyList<string> members, string? chatId, CancellationToken cancellationToken)
    {
        var json = new JsonObject
        {
            ["name"] = name,
            ["owner"] = owner,
            ["userlist"] = new JsonArray(members.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
        };
        if (!string.IsNullOrEmpty(chatId))
        {
            json["chatid"] = chatId;
        }

        return PostWithTokenAsync("cgi-bin/appchat/create", json, AppChatCreateResult.Read, Fail<AppChatCreateResult>, cancellationToken);
    }

    /// <summary>appchat/send: a message to a group chat the app created.</summary>
    public Task<WeComResult> SendAppChatAsync(string chatId, MessageContent content, CancellationToken cancellationToken) =>
        PostWithTokenAsync("cgi-bin/appchat/send", content.WriteTo(new JsonObject { ["chatid"] = chatId }), WeComResult.Read, f => f, cancellationToken);

    /// <summary>webhook/send: a group robot message; the robot's key is its only credential.</summary>
    public Task<WeComResult> SendWebhookAsync(string key, MessageContent content, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"cgi-bin/webhook/send?key={Uri.EscapeDataString(key)}", content.WriteTo(new JsonObject()), WeComResult.Read, cancellationToken);

    /// <summary>auth/getuserinfo: who signed in with an OAuth code.</summary>
    public Task<UserInfoResult> GetUserInfoAsync(string code, CancellationToken cancellationToken) =>
        CallWithTokenAsync(token => SendAsync(HttpMethod.Get, $"cgi-bin/auth/getuserinfo?access_token={Uri.EscapeDataString(token)}&code={Uri.EscapeDataString(code)}", null, UserInfoResult.Read, cancellationToken), Fail<UserInfoResult>, cancellationToken);

    /// <summary>The shared access token, fetched when missing or about to expire.</summary>
    public Task<AccessTokenFetch> GetAccessTokenAsync(CancellationToken cancellationToken) => tokens.GetAsync(FetchTokenAsync, cancellationToken);

    private Task<T> PostWithTokenAsync<T>(string path, JsonObject body, Func<JsonElement, T> read, Func<WeComResult, T> fail, CancellationToken cancellationToken)
        where T : WeComResult =>
        CallWithTokenAsync(token => SendAsync(HttpMethod.Post, $"{path}?access_token={Uri.EscapeDataString(token)}", body, read, cancellationToken), fail, cancellationToken);

    private async Task<T> CallWithTokenAsync<T>(Func<string, Task<T>> call, Func<WeComResult, T> fail, CancellationToken cancellationToken)
        where T : WeComResult
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = await GetAccessTokenAsync(cancellationToken);
            if (token.Token is null)
            {
                return fail(token.Failure ?? new WeComResult { ErrCode = WeComErrorCodes.InvalidCredential, ErrMsg = "no access token" });
            }

            var result = await call(token.Token);
            if (attempt == 1 && WeComErrorCodes.MeansTokenRejected(result.ErrCode))
            {
                logger.LogInformation("WeCom rejected the access token ({Result}); refreshing it once", result);
                tokens.Invalidate(token.Token);
                continue;
            }

            return result;
        }
    }

    private async Task<AccessTokenFetch> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var path = $"cgi-bin/gettoken?corpid={Uri.EscapeDataString(_options.CorpId ?? "")}&corpsecret={Uri.EscapeDataString(_options.Secret ?? "")}";
        var fetched = await SendAsync(HttpMethod.Get, path, null, root =>
        {
            var result = WeComResult.Read(root);
            var token = WeComResult.ReadString(root, "access_token");
            var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 0;
            return (Result: result, Token: token, Seconds: seconds);
        }, cancellationToken);

        if (!fetched.Result.IsSuccess || fetched.Token.Length == 0)
        {
            logger.LogWarning("WeCom refused an access token: {Result}", fetched.Result);
            return new AccessTokenFetch(null, TimeSpan.Zero, fetched.Result.IsSuccess ? new WeComResult { ErrCode = WeComErrorCodes.InvalidCredential, ErrMsg = "gettoken answered no token" } : fetched.Result);
        }

        return new AccessTokenFetch(fetched.Token, TimeSpan.FromSeconds(fetched.Seconds), null);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, JsonObject? body, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: WeComJson.Options);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new HttpRequestException($"WeCom answered {path.Split('?')[0]} with JSON that is not an object.");
            }

            return read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new HttpRequestException($"WeCom answered {path.Split('?')[0]} with something that is not JSON ({bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes).", ex);
        }
    }

    private static T Fail<T>(WeComResult failure)
        where T : WeComResult, new() => new() { ErrCode = failure.ErrCode, ErrMsg = failure.ErrMsg };
}
