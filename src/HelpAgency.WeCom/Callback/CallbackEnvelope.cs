namespace HelpAgency.WeCom.Callback;

/// <summary>
/// The outer XML of a POST callback. Only <see cref="Encrypt"/> is signed; the other two are hints that
/// must not be trusted.
/// </summary>
public sealed record CallbackEnvelope(string Encrypt, string? ToUserName, string? AgentId);
