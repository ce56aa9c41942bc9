using HelpAgency.Core.Catalog;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Catalog;

public sealed class ShippedCatalogTests
{
    private static readonly ApprovalCatalog Catalog = ApprovalCatalog.Load(Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml"));

    [Fact]
    public void Shipped_catalog_loads_with_at_least_25_items_marked_as_sample_data()
    {
        Assert.True(Catalog.Items.Count >= 25, $"only {Catalog.Items.Count} items");
        Assert.Contains("示例数据", Catalog.Notice);
        Assert.Contains("SAMPLE DATA", File.ReadAllText(Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml")));
    }

    [Fact]
    public void Every_stage_has_items_and_every_item_has_materials()
    {
        foreach (var stage in Catalog.Stages)
        {
            Assert.NotEmpty(Catalog.ItemsInStage(stage.Code));
        }

        Assert.All(Catalog.Items, item => Assert.NotEmpty(item.Materials));
        Assert.All(Catalog.Items, item => Assert.Contains(item.Materials, m => m.Required));
    }

    [Fact]
    public void Stages_are_the_seven_of_the_service_in_process_order()
    {
        Assert.Equal(
            ["企业开办", "立项用地规划许可", "工程建设许可", "施工许可", "竣工验收", "水电气报装接入", "不动产登记"],
            Catalog.Stages.Select(s => s.Name));
        Assert.Equal(["business_setup", "real_estate"], Catalog.Stages.Where(s => s.Optional).Select(s => s.Code));
    }

    [Theory]
    [InlineData("LX01"), InlineData("LX02"), InlineData("LX03"), InlineData("LX04"), InlineData("LX05"), InlineData("LX06")]
    [InlineData("LX07"), InlineData("LX08"), InlineData("QY01"), InlineData("GC01"), InlineData("GC02"), InlineData("GC03")]
    [InlineData("GC04"), InlineData("GC05"), InlineData("GC06"), InlineData("SG01"), InlineData("SG02"), InlineData("SG03")]
    [InlineData("SG04"), InlineData("SG05"), InlineData("SG06"), InlineData("JG01"), InlineData("JG02"), InlineData("JG03")]
    [InlineData("JG04"), InlineData("JG05"), InlineData("JG06"), InlineData("BD01"), InlineData("SD01"), InlineData("SD02")]
    [InlineData("SD03"), InlineData("SD04")]
    public void Sample_item_codes_are_kept(string code) => Assert.NotNull(Catalog.FindItem(code));

    [Fact]
    public void Project_types_include_the_researched_ones_and_key_project_is_an_overlay()
    {
        Assert.Equal(
            ["gov", "social_approval", "social_filing", "small_low_risk", "plan_transfer", "key_project"],
            Catalog.ProjectTypes.Select(t => t.Code));
        Assert.True(Catalog.FindProjectType("key_project")!.Overlay);
        Assert.Throws<ArgumentException>(() => Catalog.ItemsFor("key_project"));
        foreach (var type in Catalog.ProjectTypes.Where(t => !t.Overlay))
        {
            Assert.Contains(Catalog.ItemsFor(type.Code), i => i.Code == "SG04");
        }
    }

    [Fact]
    public void Project_types_change_the_item_list_as_the_research_says()
    {
        var gov = Catalog.ItemsFor("gov").Select(i => i.Code).ToList();
        var filing = Catalog.ItemsFor("social_filing").Select(i => i.Code).ToList();
        var planTransfer = Catalog.ItemsFor("plan_transfer").Select(i => i.Code).ToList();
        var smallLowRisk = Catalog.ItemsFor("small_low_risk").Select(i => i.Code).ToList();

        Assert.Contains("LX03", gov);
        Assert.DoesNotContain("LX01", gov);
        Assert.Contains("LX01", filing);
        Assert.DoesNotContain("GC01", planTransfer);
        Assert.DoesNotContain("LX07", smallLowRisk);
        Assert.DoesNotContain("SG01", smallLowRisk);
    }

    [Fact]
    public void Aliases_find_items_stages_and_project_types()
    {
        Assert.Equal("SG04", Catalog.FindItemByAlias("施工许可证")!.Code);
        Assert.Equal("LX07", Catalog.FindItemByAlias(" 环评 ")!.Code);
        Assert.Equal("GC02", Catalog.FindItemByAlias("gc02")!.Code);
        Assert.Equal("construction_permit", Catalog.FindStageByAlias("施工许可")!.Code);
        Assert.Equal("plan_transfer", Catalog.FindProjectTypeByAlias("拿地即开工")!.Code);
        Assert.Null(Catalog.FindItemByAlias("办护照"));
    }

    [Fact]
    public void Mentioned_items_prefer_the_longest_name_and_keep_the_order_of_mention()
    {
        var found = Catalog.MentionedItems("我想先办建设工程规划许可证，再办施工许可证，要多久？");

        Assert.Equal(["GC02", "SG04"], found.Select(i => i.Code));
    }

    [Fact]
    public void Every_department_is_used_and_every_item_department_resolves()
    {
        Assert.All(Catalog.Items, i => Assert.NotNull(Catalog.FindDepartment(i.Department)));
        Assert.All(Catalog.Departments, d => Assert.Contains(Catalog.Items, i => i.Department == d.Code));
    }

    [Fact]
    public void Default_plans_can_be_built_for_every_base_project_type()
    {
        var calculator = new CasePlanCalculator(Catalog, WorkingDayCalendar.Load(Path.Combine(RepositoryRoot.Dialogs, "holidays.yaml")));
        foreach (var type in Catalog.ProjectTypes.Where(t => !t.Overlay))
        {
            var plan = calculator.Calculate(type.Code, new DateOnly(2026, 3, 2));
            Assert.Equal(Catalog.ItemsFor(type.Code).Count, plan.Items.Count);
            Assert.True(plan.Finish < new DateOnly(2027, 1, 1), $"{type.Code} finishes {plan.Finish}");
        }
    }
}
