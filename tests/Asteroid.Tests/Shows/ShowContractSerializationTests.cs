using Asteroid.Shows;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Asteroid.Tests.Shows;

/// <summary>The show contracts cross silos with Orleans' serializer: the init-only fields added for
/// calendars (exceptDates, calendarUid) and the import answer survive it.</summary>
public sealed class ShowContractSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void A_show_keeps_its_except_dates_and_calendar_uid()
    {
        var show = new ShowDefinition("m", "Morning", "Ann", [new ShowSlot(["mon"], "06:00", "10:00")], new DateOnly(2026, 1, 5), null,
            [new OneOffEpisode(DateTimeOffset.Parse("2026-01-08T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-01-08T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture))])
        {
            ExceptDates = [new DateOnly(2026, 1, 7)],
            CalendarUid = "m@example.org",
        };

        var copy = Serializer.Deserialize<ShowDefinition>(Serializer.SerializeToArray(show))!;

        Assert.Equal([new DateOnly(2026, 1, 7)], copy.ExceptDates);
        Assert.Equal("m@example.org", copy.CalendarUid);
        Assert.Equal(show.Episodes, copy.Episodes);
    }

    [Fact]
    public void An_import_answer_keeps_its_changes_and_skipped_events()
    {
        var result = new ShowImportResult([new ShowImportChange("m", "u", "M", "created")], [new IcsSkippedEvent(4, "x", "X", "RRULE FREQ=MONTHLY")], null, null, null, "bad", 3);

        var copy = Serializer.Deserialize<ShowImportResult>(Serializer.SerializeToArray(result))!;

        Assert.Equal(result.Changes, copy.Changes);
        Assert.Equal(result.Skipped, copy.Skipped);
        Assert.Equal(("bad", 3), (copy.FormatError, copy.FormatLine));
    }
}
