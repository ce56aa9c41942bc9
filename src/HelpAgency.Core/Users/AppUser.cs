namespace HelpAgency.Core.Users;

/// <summary>Anyone who talks to the bot; the id is the WeCom user id (or the local channel's stand-in for it).</summary>
public sealed record AppUser(string Id, string DisplayName, UserRole Role, DateTimeOffset CreatedAt)
{
    /// <summary>Someone writing for the first time: a project contact, known by their id until staff name them.</summary>
    public static AppUser NewContact(string id, DateTimeOffset now) => new(id, id, UserRole.Contact, now);
}
