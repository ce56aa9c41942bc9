namespace HelpAgency.Core.Staff;

/// <summary>An assistant (帮办专员) or supervisor, with the parks (园区) they cover and whether they are on duty.</summary>
public sealed record StaffMember(string UserId, string Name, Users.UserRole Role, string Phone, IReadOnlyList<string> Parks, bool OnDuty);
