using HelpAgency.Core.Cases;
using HelpAgency.Core.Catalog;
using HelpAgency.Core.Content;
using HelpAgency.Core.Knowledge;
using HelpAgency.Tests.Recognition;
using HelpAgency.Tests.Support;

namespace HelpAgency.Tests.Cases;

public sealed class PlanScopeTests(RecognizerFixture fixture) : IClassFixture<RecognizerFixture>
{
    private const string ToConfirm = "是否需要办理待帮办专员与您确认";

    private static readonly ApprovalCatalog Catalog = ApprovalCatalog.Load(Path.Combine(RepositoryRoot.Dialogs, "catalog.yaml"));

    private static readonly Dictionary<string, string> SmallFactory = new() { ["investment"] = "800", ["floor_area"] = "3000", ["height"] = "12", ["use"] = "厂房" };

    private ConditionSet Conditions => ConditionSet.Load(Path.Combine(RepositoryRoot.Dialogs, ConditionSet.FileName), CatalogCodes.From(fixture.Content.Gazetteer));

    private PlanScope Shipped => PlanScope.Load(Path.Combine(RepositoryRoot.Dialogs, PlanScope.FileName), Catalog, Conditions);

    private static Dictionary<string, string?> Reasons(PlanSelection selection) => selection.Planned.ToDictionary(s => s.Item.Code, s => s.Reason);

    [Fact]
    public void A_small_factory_with_a_credit_code_plans_no_business_setup_no_seismic_review_and_no_civil_defence()
    {
        var selection = Shipped.Select("social_filing", SmallFactory, registered: true);

        var planned = Reasons(selection);
        foreach (var code in new[] { "QY01", "GC07", "GC04", "JG03", "SG02" })
        {
            Assert.DoesNotContain(code, planned.Keys);
        }

        Assert.Equal(["GC04", "GC07", "JG03", "QY01", "SG02"], selection.LeftOut.Select(s => s.Item.Code).Order());
        Assert.Equal("投资额超过100万元且建筑面积超过500平方米", planned["SG04"]);
        Assert.Equal("竣工后办理消防验收或消防验收备案", planned["JG02"]);
        Assert.Equal(ToConfirm, planned["LX08"]); // energy use was not asked: the assistant confirms it
        Assert.Null(planned["LX01"]); // every project of the type needs it: no reason to give
    }

    [Fact]
    public void A_small_low_risk_factory_plans_fewer_items_than_its_type_lists()
    {
        var selection = Shipped.Select("small_low_risk", SmallFactory, registered: true);

        Assert.True(selection.Planned.Count < Catalog.ItemsFor("small_low_risk").Count);
        Assert.DoesNotContain(selection.Planned, s => s.Item.Code == "QY01");
        Assert.All(selection.Planned.Where(s => s.Item.Condition is not null), s => Assert.False(string.IsNullOrEmpty(s.Reason)));
    }

    [Fact]
    public void Facts_not_known_keep_every_conditional_item_for_the_assistant_to_confirm()
    {
        var unknown = new Dictionary<string, string> { ["investment"] = PlanScope.Unknown, ["height"] = PlanScope.Unknown };

        var selection = Shipped.Select("social_filing", unknown, registered: true);

        Assert.Equal(["QY01"], selection.LeftOut.Select(s => s.Item.Code));
        var planned = Reasons(selection);
        Assert.Equal(ToConfirm, planned["GC07"]);
        Assert.Equal(ToConfirm, planned["SG04"]);
        Assert.Equal(ToConfirm, planned["JG03"]); // follows 人防 (GC04)
    }

    [Fact]
    public void An_enterprise_not_yet_registered_keeps_business_setup_with_its_reason()
    {
        var selection = Shipped.Select("social_filing", SmallFactory, registered: false);

        Assert.Equal("项目单位尚未设立，需先办理企业开办", Reasons(selection)["QY01"]);
    }

    [Fact]
    public void A_tall_office_tower_keeps_fire_review_civil_defence_and_the_seismic_review_to_confirm()
    {
        var tower = new Dictionary<string, string> { ["investment"] = "50000", ["floor_area"] = "60000", ["height"] = "80", ["use"] = "办公楼" };

        var planned = Reasons(Shipped.Select("social_filing", tower, registered: true));

        Assert.Equal("属于特殊建设工程", planned["SG02"]);
        Assert.Equal("民用建筑按规定配建人防工程，以人防部门要求为准", planned["GC04"]);
        Assert.Equal(planned["GC04"], planned["JG03"]);
        Assert.Equal("高度超过60米，是否超限待设计单位确认", planned["GC07"]);
    }

    [Fact]
    public void A_small_job_under_the_hubei_limit_needs_no_construction_permit()
    {
        var small = new Dictionary<string, string>(SmallFactory) { ["investment"] = "80" };

        var selection = Shipped.Select("social_filing", small, registered: true);

        Assert.Contains(selection.LeftOut, s => s.Item.Code == "SG04" && s.Reason!.Contains("100万元", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scope_that_names_an_item_without_a_condition_is_refused_with_the_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("scope-").FullName, PlanScope.FileName);
        File.WriteAllText(path, "unknown: 待确认\nitems:\n  LX01: {keep: 总要办}\n");

        var error = Assert.Throws<ContentException>(() => PlanScope.Load(path, Catalog, Conditions));

        Assert.Equal(PlanScope.FileName, error.File);
        Assert.Contains("LX01", error.Message, StringComparison.Ordinal);
    }
}
