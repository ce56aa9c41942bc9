namespace HelpAgency.Core.Users;

/// <summary>Why a user id is refused: none given, longer than <see cref="UserIds.MaxLength"/>, or characters WeCom never issues.</summary>
public enum UserIdProblem
{
    Missing,
    TooLong,
    Pattern,
}
