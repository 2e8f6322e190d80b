using Asteroid.Shows;

namespace Asteroid.Tests.Shows;

public sealed class ShowImportPlanTests
{
    private static ShowDefinition Show(string id, string? uid, string days, string start, string end) =>
        new(id, id, null, [new ShowSlot(days.Split(','), start, end)], null, null, []) { CalendarUid = uid };

    [Fact]
    public void The_same_import_twice_changes_nothing_the_second_time()
    {
        var imported = new[] { Show("morning", "u1", "mon", "06:00", "10:00"), Show("noon", "u2", "mon", "12:00", "13:00") };
        var first = ShowImportPlan.Make([], imported, replace: false);
        var second = ShowImportPlan.Make(first.After, imported, replace: false);

        Assert.Equal(["created", "created"], first.Changes.Select(c => c.Action));
        Assert.Equal(["unchanged", "unchanged"], second.Changes.Select(c => c.Action));
        Assert.Empty(second.Upserts);
        Assert.Equal(first.After.Select(s => s.Id), second.After.Select(s => s.Id));
    }

    [Fact]
    public void A_taken_id_gets_a_suffix_and_keeps_it_on_the_next_import()
    {
        var byHand = Show("morning", null, "sat", "06:00", "10:00");
        var imported = new[] { Show("morning", "u1", "mon", "06:00", "10:00"), Show("morning", "u2", "tue", "06:00", "10:00") };
        var first = ShowImportPlan.Make([byHand], imported, replace: false);

        Assert.Null(first.Refusal);
        Assert.Equal([("morning-2", "u1"), ("morning-3", "u2")], first.Changes.Select(c => (c.ShowId, c.CalendarUid)));

        var renamed = new[] { imported[1] with { Name = "Tuesday Morning" }, imported[0] };
        var second = ShowImportPlan.Make(first.After, renamed, replace: false);
        Assert.Equal([("morning-2", "unchanged"), ("morning-3", "updated")], second.Changes.Select(c => (c.ShowId, c.Action)));
    }

    [Fact]
    public void Replace_removes_only_shows_imported_before()
    {
        var existing = new[] { Show("a", "u1", "mon", "06:00", "07:00"), Show("b", "u2", "mon", "07:00", "08:00"), Show("hand", null, "sun", "06:00", "07:00") };
        var plan = ShowImportPlan.Make(existing, [Show("a", "u1", "mon", "06:00", "07:00")], replace: true);

        Assert.Equal(["b"], plan.Removals);
        Assert.Equal(["a", "hand"], plan.After.Select(s => s.Id));
        Assert.Contains(plan.Changes, c => c is { ShowId: "b", Action: "removed" });
        Assert.Equal(["a", "b", "hand"], ShowImportPlan.Make(existing, [Show("a", "u1", "mon", "06:00", "07:00")], replace: false).After.Select(s => s.Id));
    }

    [Fact]
    public void An_overlap_refuses_the_whole_import_naming_the_conflicting_show()
    {
        var existing = new[] { Show("news", null, "mon", "09:00", "11:00") };
        var plan = ShowImportPlan.Make(existing, [Show("ok", "u0", "tue", "06:00", "10:00"), Show("morning", "u1", "mon", "06:00", "10:00")], replace: false);

        Assert.NotNull(plan.Refusal);
        Assert.Equal(("morning", "news"), (plan.Refusal!.ImportedShowId, plan.Refusal.ConflictShowId));
        Assert.Contains("UID u1", plan.Refusal.Conflict, StringComparison.Ordinal);
    }
}
