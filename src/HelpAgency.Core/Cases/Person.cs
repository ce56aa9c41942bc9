namespace HelpAgency.Core.Cases;

/// <summary>Someone a meeting or a follow-up action names, as resolved: their WeCom user id and the name they are shown by.</summary>
public sealed record Person(string UserId, string Name);
