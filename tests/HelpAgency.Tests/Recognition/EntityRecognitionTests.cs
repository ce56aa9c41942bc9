using HelpAgency.Core.Recognition;

namespace HelpAgency.Tests.Recognition;

public sealed class EntityRecognitionTests(RecognizerFixture fixture) : IClassFixture<RecognizerFixture>
{
    private static readonly RecognitionContext Projects = new(["光谷智造园", "光谷科创大厦", "生物城研发楼项目"]);

    private IReadOnlyList<RecognizedEntity> Entities(string text, RecognitionContext? context = null) =>
        fixture.Recognizer.Recognize(text, context ?? Projects).Entities;

    [Fact]
    public void An_item_alias_gives_the_catalog_code_and_name_at_its_offsets()
    {
        var item = Assert.Single(Entities("施工许可证要什么材料"));

        Assert.Equal(("item", "SG04", 0, 5), (item.Entity, item.Value, item.Start, item.End));
        Assert.StartsWith("建筑工程施工许可证核发", item.Name);
    }

    [Theory]
    [InlineData("施工许可要什么材料")]
    [InlineData("施工许可多久能批下来")]
    [InlineData("施工许可找哪个部门")]
    [InlineData("施工许可要交钱吗")]
    public void The_bare_name_of_the_construction_permit_stage_means_the_permit(string text)
    {
        var named = Assert.Single(Entities(text));

        Assert.Equal(("item", "SG04"), (named.Entity, named.Value));
    }

    [Theory]
    [InlineData("施工许可阶段要办哪些")]
    [InlineData("施工许可这个环节要多久")]
    [InlineData("施工许可包括哪些审批")]
    public void The_construction_permit_stage_as_a_whole_stays_the_stage(string text)
    {
        Assert.Contains(Entities(text), e => e is { Entity: "stage", Value: "construction_permit" });
        Assert.DoesNotContain(Entities(text), e => e is { Entity: "item", Value: "SG04" });
    }

    [Theory]
    [InlineData("厂区就建车间 人防要不要建", "GC04")]
    [InlineData("人防那边验收要准备啥", "JG03")]
    [InlineData("消防审查过了设计又改了 要重新送审吗", "SG02")]
    [InlineData("消防那边验收一般几天", "JG02")]
    public void A_word_two_items_share_names_the_one_whose_cue_words_the_message_holds(string text, string code)
    {
        var named = Assert.Single(Entities(text), e => e.Entity == "item");

        Assert.Equal(code, named.Value);
    }

    [Theory]
    [InlineData("人防找哪个部门")]
    [InlineData("消防的事情想咨询一下")]
    [InlineData("人防是先审批还是先验收")]
    public void A_shared_word_without_one_items_cues_names_no_item_so_the_bot_asks(string text)
    {
        Assert.DoesNotContain(Entities(text), e => e.Entity == "item");
    }

    [Theory]
    [InlineData("竣工验收被案怎么办", "JG06")]
    [InlineData("环境英响评价要多久", "LX07")]
    [InlineData("联合竣公验收找谁", "JG05")]
    [InlineData("竞工验收备案怎么办", "JG06")]
    [InlineData("竣共验收备案怎么办", "JG06")]
    [InlineData("环竟影响评价要多久", "LX07")]
    public void A_name_mistyped_by_one_character_is_still_found(string text, string code)
    {
        Assert.Contains(Entities(text), e => e.Entity == "item" && e.Value == code);
    }

    [Theory]
    [InlineData("施工许可吗")]
    [InlineData("今天天气不错啊")]
    [InlineData("我们公司在光谷")]
    public void A_name_with_a_word_after_it_or_ordinary_text_is_no_mistyped_name(string text)
    {
        Assert.DoesNotContain(Entities(text), e => e.Entity == "item" && e.Value != "SG04");
        Assert.DoesNotContain(Entities(text), e => e.Entity is "department" or "stage");
    }

    [Fact]
    public void The_longest_name_wins_over_the_shorter_one_inside_it()
    {
        var item = Assert.Single(Entities("建设工程规划许可证怎么办"));

        Assert.Equal("GC02", item.Value);
        Assert.Equal((0, 9), (item.Start, item.End));
    }

    [Fact]
    public void A_long_enough_part_of_an_official_name_finds_the_item()
    {
        var item = Assert.Single(Entities("施工图设计文件审查要多久"));

        Assert.Equal("SG01", item.Value);
        Assert.Equal((0, 9), (item.Start, item.End));
    }

    [Fact]
    public void A_part_shared_by_many_items_names_none()
    {
        Assert.DoesNotContain(Entities("建设工程要多久"), e => e.Entity == "item");
    }

    [Fact]
    public void Offsets_count_in_the_original_text_with_its_spaces_full_width_forms_and_traditional_characters()
    {
        const string text = "请问，施工 許可證怎么办？";
        var item = Assert.Single(Entities(text));

        Assert.Equal("SG04", item.Value);
        Assert.Equal("施工 許可證", text[item.Start..item.End]);
    }

    [Fact]
    public void A_stage_name_is_a_stage()
    {
        var stage = Assert.Single(Entities("竣工验收阶段要办什么"));

        Assert.Equal(("stage", "completion", "竣工验收"), (stage.Entity, stage.Value, stage.Name));
    }

    [Fact]
    public void A_partial_project_name_finds_the_users_project()
    {
        var project = Assert.Single(Entities("智造园到哪一步了"));

        Assert.Equal(("project", "光谷智造园", 0, 3), (project.Entity, project.Value, project.Start, project.End));
    }

    [Fact]
    public void A_project_is_found_only_among_the_users_projects()
    {
        Assert.DoesNotContain(Entities("智造园到哪一步了", RecognitionContext.None), e => e.Entity == "project");
        Assert.DoesNotContain(Entities("光谷的项目到哪一步了"), e => e.Entity == "project");
    }

    [Fact]
    public void Two_projects_matching_equally_are_both_returned_so_the_dialog_can_ask()
    {
        var projects = Entities("智造园进度", new RecognitionContext(["光谷智造园一期", "光谷智造园二期"])).Where(e => e.Entity == "project");

        Assert.Equal(["光谷智造园一期", "光谷智造园二期"], projects.Select(p => p.Value));
    }

    [Fact]
    public void A_staff_update_names_project_item_and_status()
    {
        var entities = Entities("研发楼 环评 已受理");

        Assert.Equal(["project", "item", "status"], entities.Select(e => e.Entity));
        Assert.Equal("生物城研发楼项目", entities[0].Value);
        Assert.Equal("LX07", entities[1].Value);
        Assert.Equal(("accepted", "已受理"), (entities[2].Value, entities[2].Name));
    }

    [Theory]
    [InlineData("不予受理", "rejected")]
    [InlineData("要补正", "correction_required")]
    [InlineData("出证了", "approved")]
    [InlineData("不适用", "not_applicable")]
    [InlineData("准备中", "preparing")]
    [InlineData("预审通过", "prechecked")]
    [InlineData("已提交", "submitted")]
    [InlineData("未开始", "not_started")]
    public void Statuses_map_to_their_codes(string text, string code)
    {
        var status = Assert.Single(Entities("节能审查" + text), e => e.Entity == "status");

        Assert.Equal(code, status.Value);
    }

    [Theory]
    [InlineData("我电话13912345678", "13912345678", 3, 14)]
    [InlineData("手机 139 1234 5678 谢谢", "13912345678", 3, 16)]
    [InlineData("座机027-87654321", "027-87654321", 2, 14)]
    [InlineData("电话０２７８７６５４３２１", "027-87654321", 2, 13)]
    public void Phone_numbers_are_found_and_normalised(string text, string value, int start, int end)
    {
        var phone = Assert.Single(Entities(text), e => e.Entity == "phone");

        Assert.Equal((value, start, end), (phone.Value, phone.Start, phone.End));
    }

    [Fact]
    public void Too_many_digits_are_no_phone()
    {
        Assert.DoesNotContain(Entities("单号139123456789"), e => e.Entity == "phone");
    }

    [Fact]
    public void A_credit_code_is_found_in_upper_case_and_its_digits_are_not_a_phone()
    {
        var entities = Entities("信用代码91420100ma4k2x3y5r");

        var code = Assert.Single(entities);
        Assert.Equal(("credit_code", "91420100MA4K2X3Y5R", 4, 22), (code.Entity, code.Value, code.Start, code.End));
    }

    [Fact]
    public void Dates_come_with_the_other_entities()
    {
        var entities = Entities("明天下午三点去智造园现场");

        Assert.Equal(["datetime", "project"], entities.Select(e => e.Entity));
        Assert.Equal("2026-11-26T15:00:00+08:00", entities[0].Value);
    }
}
