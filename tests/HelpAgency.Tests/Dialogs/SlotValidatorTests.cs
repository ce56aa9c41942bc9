using HelpAgency.Core.Conversation;
using HelpAgency.Core.Dialogs;
using HelpAgency.Core.Outbox;
using HelpAgency.Core.Recognition;
using HelpAgency.Tests.Cases;
using HelpAgency.Tests.Support;
using Microsoft.Extensions.Options;

namespace HelpAgency.Tests.Dialogs;

/// <summary>The validators read answers by the words of bot.yaml, so a deployment tunes them without a build.</summary>
public sealed class SlotValidatorTests
{
    private readonly CaseWorld _world = new();

    private static readonly BotSettings Shipped = BotSettings.Load(Path.Combine(RepositoryRoot.Dialogs, BotSettings.FileName));

    [Theory]
    [InlineData("yes_no", "是的。", "yes", "是")]
    [InlineData("yes_no", "OK", "yes", "是")]
    [InlineData("yes_no", "不对", "no", "否")]
    [InlineData("agree", "我同意", "yes", "同意")]
    [InlineData("agree", "不同意", "no", "不同意")]
    [InlineData("optional_text", "暂无", "", "无")]
    public void Shipped_words_answer_with_their_value_and_words(string validator, string answer, string value, string display)
    {
        var result = Validate(Shipped, validator, answer);

        Assert.True(result.Ok);
        Assert.Equal((value, display), (result.Value, result.Display));
    }

    [Fact]
    public void A_word_a_deployment_adds_to_bot_yaml_is_an_answer()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryRoot.Dialogs, BotSettings.FileName)).Replace("    yes: [是,", "    yes: [要得, 是,", StringComparison.Ordinal);
        var tuned = BotSettings.Parse(new StringReader(yaml), BotSettings.FileName);

        Assert.False(Validate(Shipped, "yes_no", "要得").Ok);
        Assert.Equal(("yes", "是"), (Validate(tuned, "yes_no", "要得").Value, Validate(tuned, "yes_no", "要得").Display));
    }

    private SlotResult Validate(BotSettings settings, string validator, string answer)
    {
        var services = new DialogServices(_world.Replies, _world.Catalog, Core.Catalog.WorkingDayCalendar.WeekdaysOnly, _world.Operations,
            new TransactionalOutbox(Options.Create(new PushOptions())), settings);
        var turn = new TurnContext(Activity.Message("local", CaseWorld.Contact.Id, answer), CaseWorld.Contact, ConversationState.Empty(CaseWorld.Contact.Id), _world.Work, CaseWorld.Now);
        var recognition = new RecognitionResult(answer, new IntentScore(IntentNames.OutOfScope, 1), [], [], RecognitionDecision.Accept, [], ByRule: true);
        return SlotValidators.All().Single(v => v.Name == validator).Validate(answer, new DialogTurn(turn, recognition, [], services, []));
    }
}
