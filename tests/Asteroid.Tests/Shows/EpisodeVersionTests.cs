using Asteroid.Analytics;
using Asteroid.Shows;

namespace Asteroid.Tests.Shows;

/// <summary>The version a stored episode is valid at (<see cref="EpisodeAudienceStore.Versions"/>):
/// any write of a day row up to the day after the episode moves it (late sessions, an older
/// import that moves a first start, a rebuild), a write after that day does not, and so does a
/// change of the station's mounts.</summary>
public sealed class EpisodeVersionTests
{
    private static readonly DateOnly Day = new(2026, 11, 18);
    private static readonly DateTime At = new(2026, 11, 19, 3, 0, 0, DateTimeKind.Utc);
    private static readonly ScopeMembers Mounts = ScopeMembers.OfMounts(["s/a.mp3"]);

    private static List<(DateOnly, long, DateTime)> Rows() =>
        [(Day.AddDays(-30), 100, At.AddDays(-30)), (Day.AddDays(-1), 200, At.AddDays(-1)), (Day, 300, At), (Day.AddDays(1), 400, At.AddDays(1)), (Day.AddDays(2), 500, At.AddDays(2))];

    [Fact]
    public void A_write_of_a_day_up_to_the_day_after_moves_the_version_and_a_later_one_does_not()
    {
        var before = EpisodeAudienceStore.Versions(Rows(), Mounts)(Day);
        for (var i = 0; i < 4; i++)
        {
            var rows = Rows();
            rows[i] = (rows[i].Item1, rows[i].Item2 + 1000, rows[i].Item3.AddMinutes(1)); // rewritten: a new xmin and time
            Assert.NotEqual(before, EpisodeAudienceStore.Versions(rows, Mounts)(Day));
        }

        var later = Rows();
        later[4] = (later[4].Item1, 9999, later[4].Item3.AddDays(1));
        Assert.Equal(before, EpisodeAudienceStore.Versions(later, Mounts)(Day));

        var removed = Rows();
        removed.RemoveAt(0); // a day row gone (rebuilt elsewhere)
        Assert.NotEqual(before, EpisodeAudienceStore.Versions(removed, Mounts)(Day));
    }

    [Fact]
    public void Regrouping_the_station_moves_the_version()
    {
        Assert.NotEqual(EpisodeAudienceStore.Versions(Rows(), Mounts)(Day),
            EpisodeAudienceStore.Versions(Rows(), ScopeMembers.OfMounts(["s/a.mp3", "s/b.mp3"]))(Day));
    }
}
