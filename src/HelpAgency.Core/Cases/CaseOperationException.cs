namespace HelpAgency.Core.Cases;

public enum CaseError
{
    /// <summary>Bad input: a missing field, a value out of range (HTTP 400).</summary>
    Invalid,

    /// <summary>The actor may not see or do this (HTTP 403).</summary>
    Forbidden,

    /// <summary>No such case, item, meeting (HTTP 404).</summary>
    NotFound,

    /// <summary>The case is not in a state that allows it: a forbidden transition, open items (HTTP 409).</summary>
    Conflict,
}

/// <summary>A case operation was refused; <see cref="Exception.Message"/> is polite Chinese, fit to show the user.</summary>
public class CaseOperationException(CaseError error, string message) : Exception(message)
{
    public CaseError Error { get; } = error;
}
