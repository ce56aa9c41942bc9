namespace HelpAgency.Core.Cases;

/// <summary>A meeting just called and its participants as named in its notice: the members of its WeCom group, in that order.</summary>
public sealed record ScheduledMeeting(Meeting Meeting, IReadOnlyList<Person> Participants);
