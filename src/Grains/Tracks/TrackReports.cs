using Asteroid.Analytics;
using Asteroid.Reports;
using Asteroid.Servers;
using Asteroid.Stations;
using Microsoft.Extensions.Options;

namespace Asteroid.Tracks;

/// <summary>What a track report is about: the scope's mounts as the stations and groups are now
/// (a regrouped station reports the plays of its current mounts; the network every mount) and the
/// zone its days are counted in.</summary>
public sealed record class TrackScope(ScopeMembers Members, TimeZoneInfo Zone)
{
    public static TrackScope Of(ReportScope scope) => new(scope.Members, scope.Zone);

    public bool IsEmpty => !Members.All && Members.Servers.Count == 0 && Members.Mounts.Count == 0;
}

/// <summary>The plays and tracks of a <see cref="TrackScope"/> over local days (definitions in
/// docs/metrics.md). Stored audiences are read as they are; plays whose audience is not final yet
/// are computed from the raw sessions. The tune-out baseline is the scope's plays of the same hour
/// of the week (local) over <see cref="TrackOptions.BaselineDays"/> days up to the range's end.</summary>
public sealed class TrackReports(PlayStore store, StoredPlayCache cache, PlayAudienceJob audience, IOptions<TrackOptions> options)
{
    /// <summary>The plays of the range; with <paramref name="windows"/> (a daypart's hours) those that start in them.</summary>
    public async Task<IReadOnlyList<PlayRow>> PlaysAsync(TrackScope scope, DateOnly from, DateOnly to, bool net,
        IReadOnlyList<(long From, long To)>? windows, CancellationToken ct) =>
        (await LoadAsync(scope, from, to, net, windows, ct)).Rows;

    /// <summary>The tracks of the range's plays; with <paramref name="windows"/> (a daypart's hours) of
    /// the plays that start in them. With the play cache on, from its day blocks (<see cref="TrackTally"/>,
    /// the same rows); otherwise grouped from the plays (<see cref="TracksOf"/>).</summary>
    public async Task<IReadOnlyList<TrackRow>> TracksAsync(TrackScope scope, DateOnly from, DateOnly to, bool net, string sort,
        IReadOnlyList<(long From, long To)>? windows, CancellationToken ct)
    {
        if (!cache.Enabled || scope.IsEmpty)
        {
            var (rows, sets) = await LoadAsync(scope, from, to, net, windows, ct);
            return TracksOf(rows, sets, sort);
        }

        var rangeStart = DateTimeOffset.FromUnixTimeSeconds(DayWindow.For(from, scope.Zone).Start);
        var rangeEnd = DateTimeOffset.FromUnixTimeSeconds(DayWindow.For(to, scope.Zone).End);
        var blocks = await cache.BlocksAsync(scope.Members, rangeStart, rangeEnd, net, ct);
        // Plays without a stored audience (not final yet) get theirs from the raw sessions, as LoadAsync does.
        var unsettled = new List<StoredPlay>();
        foreach (var block in blocks)
        {
            foreach (var p in block.Plays)
            {
                if (p.Audience is null && p.Play.StartedAt >= rangeStart && p.Play.StartedAt < rangeEnd
                    && (windows is null || Shows.WindowMetrics.Contains(windows, p.Play.StartedAt.ToUnixTimeSeconds())))
                {
                    unsettled.Add(p);
                }
            }
        }

        var filled = unsettled.Count == 0
            ? new Dictionary<Guid, StoredPlay>()
            : (await audience.FillAsync(unsettled, net, ct)).Where(p => p.Audience is not null).ToDictionary(p => p.Play.PlayId);
        var baselineFirstDay = to.AddDays(1 - options.Value.BaselineDays);
        var baseline = baselineFirstDay < from
            ? await store.BaselineAsync(scope.Members, scope.Zone, DateTimeOffset.FromUnixTimeSeconds(DayWindow.For(baselineFirstDay, scope.Zone).Start), rangeEnd, net, ct)
            : null;
        return TrackTally.Tracks(blocks, rangeStart, rangeEnd, windows, filled, baseline, scope.Zone, sort);
    }

    /// <summary>The tracks of some plays (in the report's order) with their listener sets: grouped by
    /// track key, figures summed, peaks as maxima, listeners as the union of the plays' sets, sorted
    /// by <paramref name="sort"/> (largest first), then by track key.</summary>
    public static IReadOnlyList<TrackRow> TracksOf(IReadOnlyList<PlayRow> rows, IReadOnlyList<ListenerSet?> sets, string sort)
    {
        var tracks = new List<TrackRow>();
        foreach (var group in rows.Select((r, i) => (Row: r, Set: sets[i])).Where(x => x.Row.Audience is not null).GroupBy(x => x.Row.Play.TrackKey))
        {
            var plays = group.ToList();
            var latest = plays[^1].Row.Play;
            var unique = ListenerSet.UnionCount([.. plays.Select(p => p.Set ?? ListenerSet.Empty)]);
            var tuneOuts = plays.Sum(p => p.Row.Audience!.TuneOuts);
            var minutes = plays.Sum(p => p.Row.Audience!.ListenMinutes);
            // Expected tune-outs: each play's listen minutes at its hour's usual rate.
            var rated = plays.Where(p => p.Row.BaselineRate is > 0).ToList();
            var expected = rated.Sum(p => p.Row.Audience!.ListenMinutes * p.Row.BaselineRate!.Value);
            var ratedTuneOuts = rated.Sum(p => p.Row.Audience!.TuneOuts);
            tracks.Add(new TrackRow(latest.Artist, latest.Title, plays.Count, unique, true, Math.Round(minutes, 4),
                plays.Sum(p => p.Row.Audience!.TuneIns), tuneOuts, plays.Max(p => p.Row.Audience!.PeakListeners),
                expected > 0 ? Math.Round(ratedTuneOuts / expected, 4) : null,
                plays.Max(p => p.Row.BaselinePlays), plays[0].Row.Play.StartedAt, latest.StartedAt));
        }

        return [.. tracks.OrderByDescending(SortKey(sort)).ThenBy(t => TrackNames.Key(t.Artist, t.Title), StringComparer.Ordinal)];
    }

    /// <summary>What <c>sort=</c> orders tracks by (largest first): plays by default.</summary>
    public static Func<TrackRow, double> SortKey(string sort) => sort switch
    {
        "uniqueListeners" => t => t.UniqueListeners,
        "listenMinutes" => t => t.ListenMinutes,
        "tuneOutIndex" => t => t.TuneOutIndex ?? double.NegativeInfinity,
        _ => t => t.Plays,
    };

    /// <summary>The local hour of the week a play starting at <paramref name="start"/> is compared in:
    /// (ISO day of week, Monday 1 … Sunday 7; local hour 0-23). Both 01:30s of a night when the clocks
    /// go back fall in hour 1.</summary>
    public static (int Day, int Hour) HourOfWeek(DateTimeOffset start, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(start, zone);
        return (local.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)local.DayOfWeek, local.Hour);
    }

    /// <summary>The tune-out baseline of <see cref="PlayStore.BaselineAsync"/> from plays already read
    /// (as stored, before any audience is filled in): per local hour of the week, the plays whose
    /// audience is settled (an unknown one counts as a play, adding no tune-outs or minutes), their
    /// tune-outs and listen minutes.</summary>
    public static IReadOnlyDictionary<(int Day, int Hour), (int Plays, long TuneOuts, double ListenMinutes)> BaselineOf(
        IEnumerable<StoredPlay> plays, TimeZoneInfo zone)
    {
        var cells = new Dictionary<(int, int), (int Plays, long TuneOuts, double ListenMinutes)>();
        foreach (var play in plays.Where(p => p.Final))
        {
            var cell = HourOfWeek(play.Play.StartedAt, zone);
            var (count, tuneOuts, minutes) = cells.GetValueOrDefault(cell);
            cells[cell] = (count + 1, tuneOuts + (play.Audience?.TuneOuts ?? 0), minutes + (play.Audience?.ListenMinutes ?? 0));
        }

        return cells;
    }

    private async Task<(List<PlayRow> Rows, List<ListenerSet?> Sets)> LoadAsync(TrackScope scope, DateOnly from, DateOnly to, bool net,
        IReadOnlyList<(long From, long To)>? windows, CancellationToken ct)
    {
        var rangeStart = DateTimeOffset.FromUnixTimeSeconds(DayWindow.For(from, scope.Zone).Start);
        var rangeEnd = DateTimeOffset.FromUnixTimeSeconds(DayWindow.For(to, scope.Zone).End);
        if (scope.IsEmpty)
        {
            return ([], []);
        }

        var stored = await cache.ListAsync(scope.Members, rangeStart, rangeEnd, net, ct);
        // A daypart keeps the plays that start in its hours; the baseline stays the station's usual
        // rate for each hour of the week, from all its plays.
        var plays = await audience.FillAsync(windows is null ? stored : [.. stored.Where(p => Shows.WindowMetrics.Contains(windows, p.Play.StartedAt.ToUnixTimeSeconds()))], net, ct);
        // The baseline's window is the range's last BaselineDays days, or the whole range when it is
        // longer: then the plays are already read, and a second pass in SQL would read them again.
        var baselineFirstDay = to.AddDays(1 - options.Value.BaselineDays);
        var baseline = baselineFirstDay < from
            ? await store.BaselineAsync(scope.Members, scope.Zone, DateTimeOffset.FromUnixTimeSeconds(DayWindow.For(baselineFirstDay, scope.Zone).Start), rangeEnd, net, ct)
            : BaselineOf(stored, scope.Zone);
        var rows = new List<PlayRow>(plays.Count);
        var sets = new List<ListenerSet?>(plays.Count);
        foreach (var p in plays)
        {
            var cell = HourOfWeek(p.Play.StartedAt, scope.Zone);
            double? rate = null;
            var basePlays = 0;
            if (baseline.TryGetValue(cell, out var b))
            {
                basePlays = b.Plays;
                rate = b.ListenMinutes > 0 ? b.TuneOuts / b.ListenMinutes : null;
            }

            var index = p.Audience is { } a ? PlayAudienceRule.TuneOutIndex(a.TuneOuts, a.ListenMinutes, rate) : null;
            rows.Add(new PlayRow(p.Play, p.Audience, index, basePlays, rate));
            sets.Add(p.Listeners);
        }

        return (rows, sets);
    }
}
