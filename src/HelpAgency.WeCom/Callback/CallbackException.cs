namespace HelpAgency.WeCom.Callback;

/// <summary>A callback failed one of the protocol's checks; <see cref="Kind"/> says which.</summary>
public sealed class CallbackException(CallbackErrorKind kind, string detail) : Exception(detail)
{
    public CallbackErrorKind Kind { get; } = kind;

    /// <summary>The reference library's numeric code, e.g. -40001.</summary>
    public int Code => (int)Kind;
}
