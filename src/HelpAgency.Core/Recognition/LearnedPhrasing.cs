namespace HelpAgency.Core.Recognition;

/// <summary>
/// A missed question a supervisor taught the bot: a new example of an intent (<see cref="Kinds.Intent"/>) or a new
/// paraphrase of a knowledge entry (<see cref="Kinds.Knowledge"/>), named by <see cref="Target"/>.
/// </summary>
public sealed record LearnedPhrasing(long Id, string Kind, string Target, string Text, string By, DateTimeOffset At)
{
    public static class Kinds
    {
        public const string Intent = "intent";
        public const string Knowledge = "knowledge";
    }
}
