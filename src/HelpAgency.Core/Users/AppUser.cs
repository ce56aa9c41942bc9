namespace HelpAgency.Core.Users;

/// <summary>Anyone who talks to the bot; the id is the WeCom user id (or the local channel's stand-in for it).</summary>
public sealed record AppUser(string Id, string DisplayName, UserRole Role, DateTimeOffset CreatedAt);
