namespace HelpAgency.WeCom.Callback;

/// <summary>A verified and decrypted callback: the parsed message and the plaintext XML it came from.</summary>
public sealed record OpenedCallback(CallbackMessage Message, byte[] Plaintext);
