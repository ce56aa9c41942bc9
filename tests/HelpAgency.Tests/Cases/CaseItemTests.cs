using HelpAgency.Core.Cases;

namespace HelpAgency.Tests.Cases;

/// <summary>When an item is late (超期): the one rule every reply, list, reminder and the re-dating read.</summary>
public sealed class CaseItemTests
{
    private static readonly DateOnly Start = new(2026, 12, 1);
    private static readonly DateOnly Due = new(2026, 12, 8);

    private static CaseItem Item(ItemStatus status) => new(1, "A1", 1, status, Start, Due, DateTimeOffset.UnixEpoch);

    [Fact]
    public void An_item_not_started_is_overdue_once_its_planned_due_date_has_gone_by_not_its_start_date()
    {
        var item = Item(ItemStatus.NotStarted);

        Assert.False(item.IsOverdueOn(Start.AddDays(3)));
        Assert.False(item.IsOverdueOn(Due));
        Assert.True(item.IsOverdueOn(Due.AddDays(1)));
    }

    [Theory]
    [InlineData(ItemStatus.Preparing)]
    [InlineData(ItemStatus.Prechecked)]
    [InlineData(ItemStatus.Submitted)]
    [InlineData(ItemStatus.Accepted)]
    [InlineData(ItemStatus.CorrectionRequired)]
    public void An_item_under_way_is_overdue_the_day_after_its_planned_due_date(ItemStatus status)
    {
        Assert.False(Item(status).IsOverdueOn(Due));
        Assert.True(Item(status).IsOverdueOn(Due.AddDays(1)));
    }

    [Theory]
    [InlineData(ItemStatus.Approved)]
    [InlineData(ItemStatus.NotApplicable)]
    [InlineData(ItemStatus.Rejected)]
    public void A_decided_item_is_never_overdue(ItemStatus status) => Assert.False(Item(status).IsOverdueOn(Due.AddYears(1)));
}
