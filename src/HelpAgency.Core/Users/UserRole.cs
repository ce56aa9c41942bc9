namespace HelpAgency.Core.Users;

/// <summary>What a user is to the service: an enterprise contact, an assistant (帮办专员) or a supervisor; or, in the ledger, the host itself.</summary>
public enum UserRole
{
    Contact,
    Assistant,
    Supervisor,

    /// <summary>Not a person: the host's own work (<see cref="SystemActor"/>), as the ledger names who did it. Never a user or staff row.</summary>
    System,
}
