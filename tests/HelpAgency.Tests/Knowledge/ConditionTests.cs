using HelpAgency.Core.Content;
using HelpAgency.Core.Knowledge;
using HelpAgency.Core.Recognition;
using HelpAgency.Tests.Recognition;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Knowledge;

public sealed class ConditionTests(RecognizerFixture fixture) : IClassFixture<RecognizerFixture>
{
    private ConditionSet Shipped => ConditionSet.Load(Path.Combine(RepositoryRoot.Dialogs, ConditionSet.FileName), CatalogCodes.From(fixture.Content.Gazetteer));

    private ItemCondition Permit => Shipped.Conditions.First(c => c.Item == "SG04");

    /// <summary>The error of loading <paramref name="yaml"/> as a conditions.yaml.</summary>
    private ContentException Refused(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("conditions-").FullName, ConditionSet.FileName);
        File.WriteAllText(path, yaml);
        return Assert.Throws<ContentException>(() => ConditionSet.Load(path, CatalogCodes.From(fixture.Content.Gazetteer)));
    }

    [Fact]
    public void The_shipped_conditions_load_with_every_rule_over_declared_facts()
    {
        Assert.True(Shipped.Conditions.Count >= 8);
        Assert.All(Shipped.Conditions, c => Assert.NotEmpty(c.Rules));
    }

    [Theory]
    [InlineData("投资大概200万，建筑面积8000平方米", "200", "8000")]
    [InlineData("总投资2亿，8千平米", "20000", "8000")]
    [InlineData("门卫室改造投资80万左右", "80", null)]
    public void Facts_are_read_from_the_question_in_the_rule_units(string text, string? investment, string? area)
    {
        var values = ConditionAnswerer.Read(Permit, text);

        Assert.Equal(investment, values.GetValueOrDefault("investment"));
        Assert.Equal(area, values.GetValueOrDefault("floor_area"));
    }

    [Theory]
    [InlineData("挖方两万方", 20000)]
    [InlineData("土方大概3000", 3000)]
    [InlineData("土石方量5万立方米", 50000)]
    public void Earth_volumes_are_read_in_cubic_metres(string text, double cubicMetres)
    {
        Assert.Equal(cubicMetres, QuantityReader.First(QuantityReader.Read(text), QuantityKind.Volume));
    }

    [Fact]
    public void A_scheme_is_no_volume()
    {
        Assert.Null(QuantityReader.First(QuantityReader.Read("做了3个方案"), QuantityKind.Volume));
    }

    [Fact]
    public void A_rule_over_a_fact_not_given_asks_for_it_instead_of_guessing()
    {
        var (decided, missing) = ConditionAnswerer.Evaluate(Permit, new Dictionary<string, string> { ["investment"] = "200" });

        Assert.Null(decided);
        Assert.Equal("floor_area", missing!.Name);
    }

    [Theory]
    [InlineData("80", null, "not_needed")]
    [InlineData("200", "1500", "needed")]
    [InlineData("200", "400", "not_needed")]
    public void The_first_rule_that_holds_decides(string investment, string? area, string answer)
    {
        var values = new Dictionary<string, string> { ["investment"] = investment };
        if (area is not null)
        {
            values["floor_area"] = area;
        }

        Assert.Equal(answer, ConditionAnswerer.Evaluate(Permit, values).Decided!.Answer);
    }

    [Fact]
    public void A_rule_over_an_undeclared_fact_is_refused_with_file_and_line()
    {
        var error = Refused("""
            conditions:
              - item: SG04
                question: 需要办施工许可证吗
                variables:
                  - {name: investment, unit: 万元, ask: 投资多少？}
                rules:
                  - when: "height > 30"
                    answer: needed
                    text: 需要。
                source: 测试
                certainty: verified
            """);

        Assert.Equal(ConditionSet.FileName, error.File);
        Assert.Equal(7, error.Line);
        Assert.Contains("height", error.Problem);
    }

    [Theory]
    [InlineData("我们有个危化品仓库 消防需要审查吗", "危险品仓库", "needed")]
    [InlineData("普通仓库三千平 要做消防设计审查吗", "仓库", "not_needed")]
    [InlineData("托儿所1500平方 消防要特殊审查吗", "幼儿园", "needed")]
    public void A_use_is_read_from_the_words_people_type_for_it_the_longest_first(string text, string use, string answer)
    {
        var fire = Shipped.Conditions.First(c => c.Item == "SG02");

        var values = ConditionAnswerer.Read(fire, text);
        var (decided, _) = ConditionAnswerer.Evaluate(fire, values);

        Assert.Equal(use, values["use"]);
        Assert.Equal(answer, decided?.Answer);
    }

    [Fact]
    public void A_synonym_of_a_use_no_rule_compares_is_refused_with_file_and_line()
    {
        var error = Refused("""
            conditions:
              - item: SG02
                question: 需要做消防设计审查吗
                variables:
                  - name: use
                    unit: 用途
                    ask: 用途是什么？
                    synonyms:
                      体育馆: [球馆]
                rules:
                  - when: 'use == "危险品仓库"'
                    answer: needed
                    text: 需要。
                source: 测试
                certainty: verified
            """);

        Assert.Equal(ConditionSet.FileName, error.File);
        Assert.Contains("体育馆", error.Problem);
    }

    [Theory]
    [InlineData("施工过程中消防设计改了 要不要重新报审", null)]
    [InlineData("项目经理换人了 施工许可证要去变更吗", null)]
    [InlineData("幼儿园1200平 消防要特殊审查吗", "SG02")]
    [InlineData("改成幼儿园了 1500平 消防要不要重新报审", "SG02")]
    public void A_question_about_a_step_on_an_item_is_no_do_i_need_it_question_unless_it_gives_a_fact(string text, string? item)
    {
        var answerer = new ConditionAnswerer(Shipped, fixture.Recognizer.Gazetteer, fixture.Recognizer.Settings);

        var condition = answerer.Match(text, fixture.Recognizer.Recognize(text));

        Assert.Equal(item, condition?.Item);
    }

    [Theory]
    [InlineData("SG05", "施工围挡会占用一段人行道 要办占道手续不", "occupy_road", "是")]
    [InlineData("SG05", "围挡不占道 只在红线内施工", "occupy_road", "否")]
    [InlineData("SG03", "我们是民营企业全部自有资金 施工能直接找施工单位不招标吗", "state_funded", "否")]
    [InlineData("LX05", "招拍挂拿的地 还要办选址吗", "allocated_land", "否")]
    [InlineData("GC04", "厂区里就建生产车间和仓库 人防要不要建", "civil_building", "否")]
    public void A_yes_or_no_fact_is_read_from_the_words_a_question_states_it_in(string item, string text, string fact, string value)
    {
        var condition = Shipped.Conditions.First(c => c.Item == item && c.Variables.Any(v => v.Name == fact));

        Assert.Equal(value, ConditionAnswerer.Read(condition, text)[fact]);
    }

    [Fact]
    public void A_question_ending_in_what_is_no_whether_question()
    {
        var answerer = new ConditionAnswerer(Shipped, fixture.Recognizer.Gazetteer, fixture.Recognizer.Settings);

        Assert.Null(answerer.Match("挖掘道路许可需要提交什么", fixture.Recognizer.Recognize("挖掘道路许可需要提交什么")));
        Assert.NotNull(answerer.Match("接管线要挖路 需要审批么", fixture.Recognizer.Recognize("接管线要挖路 需要审批么")));
    }

    [Fact]
    public void Yes_words_on_a_fact_that_is_no_yes_or_no_are_refused_with_file_and_line()
    {
        var error = Refused("""
            conditions:
              - item: SG04
                question: 需要办施工许可证吗
                variables:
                  - name: investment
                    unit: 万元
                    ask: 投资多少？
                    yes: [很多]
                rules:
                  - when: "investment > 30"
                    answer: needed
                    text: 需要。
                source: 测试
                certainty: verified
            """);

        Assert.Equal(8, error.Line);
        Assert.Contains("是/否", error.Problem);
    }
}
