using HelpAgency.Core;
using HelpAgency.Core.Cases;

namespace HelpAgency.Tests.Cases;

public sealed class ItemStatusRulesTests
{
    /// <summary>The allowed moves, written out by hand from the service process: everything else is refused.</summary>
    private static readonly HashSet<(ItemStatus From, ItemStatus To)> Allowed =
    [
        (ItemStatus.NotStarted, ItemStatus.Preparing),
        (ItemStatus.NotStarted, ItemStatus.Prechecked),
        (ItemStatus.NotStarted, ItemStatus.Submitted),
        (ItemStatus.NotStarted, ItemStatus.NotApplicable),
        (ItemStatus.Preparing, ItemStatus.Prechecked),
        (ItemStatus.Preparing, ItemStatus.Submitted),
        (ItemStatus.Preparing, ItemStatus.NotApplicable),
        (ItemStatus.Prechecked, ItemStatus.Preparing),
        (ItemStatus.Prechecked, ItemStatus.Submitted),
        (ItemStatus.Prechecked, ItemStatus.NotApplicable),
        (ItemStatus.Submitted, ItemStatus.Accepted),
        (ItemStatus.Submitted, ItemStatus.CorrectionRequired),
        (ItemStatus.Submitted, ItemStatus.Rejected),
        (ItemStatus.Accepted, ItemStatus.CorrectionRequired),
        (ItemStatus.Accepted, ItemStatus.Approved),
        (ItemStatus.Accepted, ItemStatus.Rejected),
        (ItemStatus.CorrectionRequired, ItemStatus.Preparing),
        (ItemStatus.CorrectionRequired, ItemStatus.Submitted),
        (ItemStatus.CorrectionRequired, ItemStatus.Rejected),
        (ItemStatus.Rejected, ItemStatus.Preparing),
        (ItemStatus.NotApplicable, ItemStatus.NotStarted),
    ];

    public static TheoryData<ItemStatus, ItemStatus> EveryPair()
    {
        var data = new TheoryData<ItemStatus, ItemStatus>();
        foreach (var from in Enum.GetValues<ItemStatus>())
        {
            foreach (var to in Enum.GetValues<ItemStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Only_the_moves_of_the_process_are_allowed(ItemStatus from, ItemStatus to) =>
        Assert.Equal(Allowed.Contains((from, to)), ItemStatusRules.CanMove(from, to));

    [Fact]
    public void An_approved_item_is_final() =>
        Assert.Empty(ItemStatusRules.NextOf(ItemStatus.Approved));

    [Theory]
    [InlineData(ItemStatus.Approved, false)]
    [InlineData(ItemStatus.NotApplicable, false)]
    [InlineData(ItemStatus.Rejected, true)]
    [InlineData(ItemStatus.Accepted, true)]
    [InlineData(ItemStatus.NotStarted, true)]
    public void Only_approved_and_not_applicable_items_let_a_case_be_archived(ItemStatus status, bool open) =>
        Assert.Equal(open, status.IsOpen());

    [Theory]
    [InlineData(ItemStatus.CorrectionRequired, "correction_required")]
    [InlineData(ItemStatus.NotStarted, "not_started")]
    [InlineData(ItemStatus.Approved, "approved")]
    public void Statuses_are_stored_in_snake_case_and_read_back(ItemStatus status, string stored)
    {
        Assert.Equal(stored, status.ToStored());
        Assert.Equal(status, StoredNames.ParseStored<ItemStatus>(stored));
    }

    [Fact]
    public void An_unknown_stored_status_is_an_error_not_a_default() =>
        Assert.Throws<FormatException>(() => StoredNames.ParseStored<ItemStatus>("done"));

    [Fact]
    public void A_reference_number_reads_back_to_its_case()
    {
        var reference = ServiceCase.FormatReference(42, new DateTimeOffset(2026, 12, 31, 20, 0, 0, TimeSpan.Zero));

        Assert.Equal("BD2027-000042", reference); // Beijing time is already 2027
        Assert.True(ServiceCase.TryParseReference(" bd2027-000042 ", out var id));
        Assert.Equal(42, id);
        Assert.False(ServiceCase.TryParseReference("BD2027-", out _));
        Assert.False(ServiceCase.TryParseReference("XX2027-000042", out _));
    }
}
