namespace HelpAgency.Core.Users;

/// <summary>What a user is to the service: an enterprise contact, an assistant (帮办专员) or a supervisor.</summary>
public enum UserRole
{
    Contact,
    Assistant,
    Supervisor,
}
