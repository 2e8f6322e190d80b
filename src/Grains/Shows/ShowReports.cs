using Asteroid.Analytics;
using Asteroid.Reports;
using Microsoft.Extensions.Options;

namespace Asteroid.Shows;

/// <summary>The show and daypart reports of a resolved scope: the schedule expanded over the range
/// (<see cref="ScheduleExpander"/>), each window's audience by <see cref="WindowMetrics"/>. The show
/// report reads the stored audience of ended episodes (<see cref="EpisodeAudienceStore"/>, valid
/// while their version is current), computes the others from the raw sessions of just their spans
/// (storing those that ended), and combines episodes into the totals (<see cref="WindowPart.Combine"/>);
/// the daypart reports read the scope's raw sessions once for all their windows.</summary>
public sealed class ShowReports(ShowStore store, EpisodeAudienceStore episodes, IOptions<ShowOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public async Task<ShowsReport> ShowsAsync(ReportScope scope, StationSchedule schedule, Daypart? daypart, bool net, bool comparePrevious, CancellationToken ct)
    {
        var (windowed, inRange, byLocalStart) = Windowed(scope, schedule, daypart, comparePrevious);
        var all = inRange.SelectMany(w => w.Windows).OrderBy(w => w.From).ToList();
        if (!options.Value.StoreEpisodes || Enumerable.Range(1, Math.Max(0, all.Count - 1)).Any(i => all[i].From < all[i - 1].To))
        {
            return await RawShowsAsync(scope, schedule, daypart, net, comparePrevious, ct); // episodes that overlap do not combine as parts
        }

        var zone = scope.Zone;
        var wanted = new List<List<(long From, long To)>>();
        foreach (var (episode, windows) in inRange)
        {
            wanted.Add(windows);
            if (comparePrevious && byLocalStart.TryGetValue((episode.ShowId, LocalTimes.ToLocal(episode.Start, zone).AddDays(-7)), out var before))
            {
                wanted.Add(before.Windows);
            }
        }

        var parts = await PartsAsync(scope, net, wanted, ct);
        return Assemble(scope, schedule, daypart, net, comparePrevious, inRange, byLocalStart,
            (episode, windows, previous) => Printed(episode, windows, parts[Key(windows)], net, zone, previous),
            episodes => WindowMetrics.Print(WindowPart.Combine([.. episodes.Select(w => parts[Key(w.Windows)].Part)]), net, zone));
    }

    /// <summary>Stores the audience of the scope's episodes of the range that ended
    /// <see cref="ShowOptions.StoreAfterSeconds"/> ago and are not stored at their current version
    /// (the fill job: it compares versions only, and computes just those); returns how many it computed.</summary>
    public async Task<int> FillAsync(ReportScope scope, StationSchedule schedule, bool net, CancellationToken ct)
    {
        if (scope.Members == ScopeMembers.None)
        {
            return 0;
        }

        var (_, inRange, _) = Windowed(scope, schedule, null, comparePrevious: false);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var ended = inRange.Where(w => w.Windows[^1].To + options.Value.StoreAfterSeconds <= now).Select(w => w.Windows).ToList();
        if (ended.Count == 0)
        {
            return 0;
        }

        var version = EpisodeAudienceStore.Versions(await episodes.DayRowsAsync(scope.Scope, ended.Max(w => EndDate(w, scope.Zone)).AddDays(1), ct), scope.Members);
        var stored = await episodes.StoredVersionsAsync(scope.Scope, net, [.. ended.Select(EpisodeAudienceStore.WindowsKey)], ct);
        var due = ended.Where(w => stored.GetValueOrDefault(Key(w)) != version(EndDate(w, scope.Zone))).ToList();
        return due.Count == 0 ? 0 : (await PartsAndCountAsync(scope, net, due, ct)).Computed;
    }

    private static DateOnly EndDate(IReadOnlyList<(long From, long To)> windows, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(LocalTimes.ToLocal(DateTimeOffset.FromUnixTimeSeconds(windows[^1].To), zone));

    private static string Key(IReadOnlyList<(long From, long To)> windows) => Convert.ToHexString(EpisodeAudienceStore.WindowsKey(windows));

    private async Task<Dictionary<string, StoredEpisode>> PartsAsync(ReportScope scope, bool net, List<List<(long From, long To)>> wanted, CancellationToken ct) =>
        (await PartsAndCountAsync(scope, net, wanted, ct)).Parts;

    /// <summary>The part and retention of every wanted set of windows: stored ones whose version is
    /// current; the others from the raw sessions of their spans (read after the versions, so a
    /// session written meanwhile moves the version of what it touches), stored when the episode
    /// ended <see cref="ShowOptions.StoreAfterSeconds"/> ago and no session of it is open.</summary>
    private async Task<(Dictionary<string, StoredEpisode> Parts, int Computed)> PartsAndCountAsync(
        ReportScope scope, bool net, List<List<(long From, long To)>> wanted, CancellationToken ct)
    {
        var zone = scope.Zone;
        var distinct = new Dictionary<string, (byte[] Key, List<(long From, long To)> Windows)>(StringComparer.Ordinal);
        foreach (var windows in wanted)
        {
            var key = EpisodeAudienceStore.WindowsKey(windows);
            distinct.TryAdd(Convert.ToHexString(key), (key, windows));
        }

        var parts = new Dictionary<string, StoredEpisode>(StringComparer.Ordinal);
        if (distinct.Count == 0)
        {
            return (parts, 0);
        }

        var endDate = (List<(long From, long To)> w) => EndDate(w, zone);
        var storing = scope.Members != ScopeMembers.None;
        Func<DateOnly, string>? version = null;
        if (storing)
        {
            var rows = await episodes.DayRowsAsync(scope.Scope, distinct.Values.Max(d => endDate(d.Windows)).AddDays(1), ct);
            version = EpisodeAudienceStore.Versions(rows, scope.Members);
            foreach (var (key, (stamp, episode)) in await episodes.ReadAsync(scope.Scope, net, [.. distinct.Values.Select(d => d.Key)], ct))
            {
                if (distinct.TryGetValue(key, out var d) && stamp == version(endDate(d.Windows)))
                {
                    parts[key] = episode;
                }
            }
        }

        var missing = distinct.Where(d => !parts.ContainsKey(d.Key)).Select(d => d.Value).ToList();
        if (missing.Count == 0)
        {
            return (parts, 0);
        }

        var now = time.GetUtcNow();
        var sessions = !storing
            ? []
            : await store.SessionsAsync(scope.Members, missing.Min(m => m.Windows[0].From) - 1, missing.Max(m => m.Windows[^1].To), now, ct);
        var firstSeen = await store.FirstSeenAsync(scope.Scope, sessions.Where(s => s.Qualifies).Select(s => s.Listener).ToHashSet(), ct);
        var timeline = new SessionTimeline(sessions);
        var writes = new List<(byte[] Key, string Version, DateTimeOffset End, StoredEpisode Episode)>();
        var storeBefore = now.ToUnixTimeSeconds() - options.Value.StoreAfterSeconds;
        foreach (var (key, windows) in missing)
        {
            var own = timeline.Within(windows);
            var (atStart, shares) = WindowMetrics.Retention(windows[0].From, windows[^1].To, own, net);
            var episode = new StoredEpisode(WindowMetrics.Part(windows, timeline, net, firstSeen), new EpisodeRetention(atStart, shares));
            parts[Convert.ToHexString(key)] = episode;
            if (version is not null && windows[^1].To <= storeBefore && !own.Any(s => s.Open))
            {
                writes.Add((key, version(endDate(windows)), DateTimeOffset.FromUnixTimeSeconds(windows[^1].To), episode));
            }
        }

        await episodes.WriteAsync(scope.Scope, net, writes, ct);
        return (parts, missing.Count);
    }

    private static EpisodeAudience Printed(Episode episode, List<(long From, long To)> windows, StoredEpisode stored, bool net, TimeZoneInfo zone, EpisodeAudience? previous)
    {
        var (metrics, ins, outs) = WindowMetrics.Print(stored.Part, net, zone);
        return new EpisodeAudience(DateTimeOffset.FromUnixTimeSeconds(windows[0].From), DateTimeOffset.FromUnixTimeSeconds(windows[^1].To),
            episode.OneOff, metrics, ins, outs, stored.Retention, previous);
    }

    /// <summary>The episodes of the range (and the week before, for compare=previous) with their
    /// windows (inside the daypart, when one is asked for), those starting in the range, and all by show and local start.</summary>
    private static (List<(Episode Episode, List<(long From, long To)> Windows)> All, List<(Episode Episode, List<(long From, long To)> Windows)> InRange,
        Dictionary<(string, DateTime), (Episode Episode, List<(long From, long To)> Windows)> ByLocalStart) Windowed(
        ReportScope scope, StationSchedule schedule, Daypart? daypart, bool comparePrevious)
    {
        var zone = scope.Zone;
        var rangeStart = DateTimeOffset.FromUnixTimeSeconds(scope.FirstDay.Start);
        var rangeEnd = DateTimeOffset.FromUnixTimeSeconds(scope.LastDay.End);
        var expandFrom = comparePrevious ? rangeStart - Week - TimeSpan.FromDays(1) : rangeStart;
        var episodes = ScheduleExpander.Expand(schedule.Shows, zone, expandFrom, rangeEnd);
        var dayparts = daypart is null ? null
            : ScheduleExpander.Windows(daypart, zone, expandFrom - TimeSpan.FromDays(1), rangeEnd + ShowRules.MaxEpisodeLength);
        var windowed = new List<(Episode Episode, List<(long From, long To)> Windows)>();
        foreach (var episode in episodes)
        {
            IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> parts = [(episode.Start, episode.End)];
            if (dayparts is not null)
            {
                parts = ScheduleExpander.Intersect(parts, dayparts);
            }

            if (parts.Count > 0)
            {
                windowed.Add((episode, [.. parts.Select(p => (p.Start.ToUnixTimeSeconds(), p.End.ToUnixTimeSeconds()))]));
            }
        }

        var inRange = windowed.Where(w => w.Episode.Start >= rangeStart).ToList();
        var byLocalStart = new Dictionary<(string, DateTime), (Episode Episode, List<(long From, long To)> Windows)>();
        foreach (var w in windowed)
        {
            byLocalStart.TryAdd((w.Episode.ShowId, LocalTimes.ToLocal(w.Episode.Start, zone)), w);
        }

        return (windowed, inRange, byLocalStart);
    }

    /// <summary>The show report from the raw sessions of the whole range, read once for all its
    /// windows (the reference the stored episodes answer as, and the answer when episodes overlap).</summary>
    public async Task<ShowsReport> RawShowsAsync(ReportScope scope, StationSchedule schedule, Daypart? daypart, bool net, bool comparePrevious, CancellationToken ct)
    {
        var zone = scope.Zone;
        var (windowed, inRange, byLocalStart) = Windowed(scope, schedule, daypart, comparePrevious);
        var sessions = windowed.Count == 0 || scope.Members == ScopeMembers.None
            ? []
            : await store.SessionsAsync(scope.Members, windowed.Min(w => w.Windows[0].From), windowed.Max(w => w.Windows[^1].To), time.GetUtcNow(), ct);
        var firstSeen = await store.FirstSeenAsync(scope.Scope, sessions.Where(s => s.Qualifies).Select(s => s.Listener).ToHashSet(), ct);
        var timeline = new SessionTimeline(sessions);

        return Assemble(scope, schedule, daypart, net, comparePrevious, inRange, byLocalStart,
            (episode, windows, previous) => Audience(episode, windows, timeline, net, firstSeen, zone, previous),
            episodes =>
            {
                var windows = episodes.SelectMany(w => w.Windows).OrderBy(w => w.From).ToList();
                return WindowMetrics.Compute(windows, timeline.Within(windows), net, firstSeen, zone);
            });
    }

    /// <summary>The show report from its episodes, however each episode's audience is found: every
    /// show's episodes (each with the one a week before, for compare=previous), each show's total
    /// over its episodes and the range's total over all of them, shows ranked by AQH.</summary>
    private static ShowsReport Assemble(ReportScope scope, StationSchedule schedule, Daypart? daypart, bool net, bool comparePrevious,
        List<(Episode Episode, List<(long From, long To)> Windows)> inRange,
        Dictionary<(string, DateTime), (Episode Episode, List<(long From, long To)> Windows)> byLocalStart,
        Func<Episode, List<(long From, long To)>, EpisodeAudience?, EpisodeAudience> audience,
        Func<IReadOnlyList<(Episode Episode, List<(long From, long To)> Windows)>, (Metrics Metrics, int TuneIns, int TuneOuts)> total)
    {
        var zone = scope.Zone;
        var shows = new List<ShowAudience>();
        foreach (var show in schedule.Shows)
        {
            var mine = inRange.Where(w => w.Episode.ShowId == show.Id).ToList();
            var rows = new List<EpisodeAudience>(mine.Count);
            foreach (var (episode, windows) in mine)
            {
                EpisodeAudience? previous = null;
                if (comparePrevious && byLocalStart.TryGetValue((show.Id, LocalTimes.ToLocal(episode.Start, zone).AddDays(-7)), out var before))
                {
                    previous = audience(before.Episode, before.Windows, null);
                }

                rows.Add(audience(episode, windows, previous));
            }

            var (showTotal, ins, outs) = total(mine);
            shows.Add(new ShowAudience(show.Id, show.Name, show.Host, rows, showTotal, ins, outs));
        }

        var (sum, tuneIns, tuneOuts) = total(inRange);
        var ranked = shows.OrderByDescending(s => s.Total.Aqh).ThenByDescending(s => s.Total.UniqueListeners).ThenBy(s => s.ShowId, StringComparer.Ordinal).ToList();
        return new ShowsReport(scope.Header, net ? "net" : "gross", daypart?.Id, ranked, sum, tuneIns, tuneOuts);
    }

    /// <summary>Each local hour of the range that the daypart covers (a part of an hour where the
    /// daypart starts or ends mid-hour, starting where it starts), with its metrics from the raw
    /// sessions, and the range's total over all of them (as the daypart's daily total).</summary>
    public async Task<HourlyReport> DaypartHourlyAsync(ReportScope scope, Daypart daypart, bool net, CancellationToken ct)
    {
        var zone = scope.Zone;
        var windows = ScheduleExpander.Windows(daypart, zone, DateTimeOffset.FromUnixTimeSeconds(scope.FirstDay.Start), DateTimeOffset.FromUnixTimeSeconds(scope.LastDay.End));
        var hours = windows.SelectMany(w => LocalHours(w.Start.ToUnixTimeSeconds(), w.End.ToUnixTimeSeconds(), zone)).ToList();
        var sessions = hours.Count == 0 || scope.Members == ScopeMembers.None
            ? []
            : await store.SessionsAsync(scope.Members, hours[0].From, hours[^1].To, time.GetUtcNow(), ct);
        var firstSeen = await store.FirstSeenAsync(scope.Scope, sessions.Where(s => s.Qualifies).Select(s => s.Listener).ToHashSet(), ct);

        // Each session goes to the hours it overlaps or touches (hours are sorted and disjoint), so the
        // cost is the sessions' hours, not every hour times every session.
        var perHour = hours.Select(_ => new List<ShowSession>()).ToList();
        foreach (var session in sessions)
        {
            int low = 0, high = hours.Count; // the first hour that ends after the session starts
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (hours[mid].To > session.Start)
                {
                    high = mid;
                }
                else
                {
                    low = mid + 1;
                }
            }

            for (var i = low; i < hours.Count && hours[i].From <= session.End; i++)
            {
                perHour[i].Add(session);
            }
        }

        var rows = hours.Select((h, i) => new HourMetrics(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(h.From), zone),
            WindowMetrics.Compute([h], perHour[i], net, firstSeen, zone).Metrics)).ToList();
        var all = hours.ToList();
        return new HourlyReport(scope.Header, rows, null, null, WindowMetrics.Compute(all, new SessionTimeline(sessions).Within(all), net, firstSeen, zone).Metrics);
    }

    /// <summary>A window cut at the zone's local hour boundaries (offsets are whole quarter hours, so
    /// a boundary is found among the next four quarter hours).</summary>
    private static IEnumerable<(long From, long To)> LocalHours(long from, long to, TimeZoneInfo zone)
    {
        for (var start = from; start < to;)
        {
            var next = (start / 900 + 1) * 900;
            while (TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(next), zone).Minute != 0)
            {
                next += 900;
            }

            var end = Math.Min(next, to);
            yield return (start, end);
            start = end;
        }
    }

    /// <summary>Each local day of the range restricted to the daypart's hours, and the range's total over all of them.</summary>
    public async Task<DailyReport> DaypartDailyAsync(ReportScope scope, Daypart daypart, bool net, CancellationToken ct)
    {
        var zone = scope.Zone;
        var days = DaypartResolver.ByDate(scope, daypart);
        var all = days.SelectMany(d => d.Windows).ToList();
        var sessions = all.Count == 0 || scope.Members == ScopeMembers.None
            ? []
            : await store.SessionsAsync(scope.Members, all[0].Item1, all[^1].Item2, time.GetUtcNow(), ct);
        var firstSeen = await store.FirstSeenAsync(scope.Scope, sessions.Where(s => s.Qualifies).Select(s => s.Listener).ToHashSet(), ct);
        var timeline = new SessionTimeline(sessions);
        var rows = days.Select(d => new DayMetrics(d.Date, WindowMetrics.Compute(d.Windows, timeline.Within(d.Windows), net, firstSeen, zone).Metrics)).ToList();
        return new DailyReport(scope.Header, rows, WindowMetrics.Compute(all, sessions, net, firstSeen, zone).Metrics);
    }

    /// <summary><c>/stats/summary?daypart=</c>: the range's total over the daypart's hours (as the
    /// daypart's daily total), the length buckets of the sessions that start in them, and every
    /// breakdown over them, all from the raw sessions.</summary>
    public async Task<SummaryReport> DaypartSummaryAsync(ReportScope scope, Daypart daypart, bool net, CancellationToken ct)
    {
        var (windows, facts, firstSeen) = await DaypartFactsAsync(scope, daypart, net, ct);
        var sessions = facts.Select(f => new ShowSession(f.Fact.Listener, f.Fact.Start, f.Fact.End, f.Fact.IsBot, f.Open)).ToList();
        var total = WindowMetrics.Compute(windows, sessions, net, firstSeen, scope.Zone).Metrics;
        var (cells, lengths) = WindowMetrics.Breakdown(windows, facts.Select(f => f.Fact), net, Breakdowns.All);
        return new SummaryReport(scope.Header, total, lengths, BreakdownRows.OfCells(cells.Snapshot()));
    }

    /// <summary><c>/stats/geo?daypart=</c>: countries and cities over the daypart's hours, from the raw sessions.</summary>
    public async Task<GeoReport> DaypartGeoAsync(ReportScope scope, Daypart daypart, bool net, CancellationToken ct)
    {
        var (windows, facts, _) = await DaypartFactsAsync(scope, daypart, net, ct, firstSeen: false);
        var (cells, _) = WindowMetrics.Breakdown(windows, facts.Select(f => f.Fact), net, Breakdowns.Geo);
        return new GeoReport(scope.Header, GeoRows.CountriesOf([cells.Snapshot()]), UniqueListenersExact: true);
    }

    /// <summary>The daypart's windows over the range, the sessions overlapping them and (when asked) their listeners' first starts.</summary>
    private async Task<(List<(long From, long To)> Windows, List<(SessionFact Fact, bool Open)> Facts, IReadOnlyDictionary<ulong, long> FirstSeen)> DaypartFactsAsync(
        ReportScope scope, Daypart daypart, bool net, CancellationToken ct, bool firstSeen = true)
    {
        var windows = DaypartResolver.DayWindows(scope, daypart);
        var facts = windows.Count == 0 || scope.Members == ScopeMembers.None
            ? []
            : await store.FactsAsync(scope.Members, windows[0].Item1, windows[^1].Item2, time.GetUtcNow(), ct);
        IReadOnlyDictionary<ulong, long> seen = firstSeen
            ? await store.FirstSeenAsync(scope.Scope, facts.Where(f => f.Fact.Qualifies).Select(f => f.Fact.Listener).ToHashSet(), ct)
            : new Dictionary<ulong, long>();
        return (windows, facts, seen);
    }

    private static EpisodeAudience Audience(Episode episode, List<(long From, long To)> windows, SessionTimeline timeline, bool net,
        IReadOnlyDictionary<ulong, long> firstSeen, TimeZoneInfo zone, EpisodeAudience? previous)
    {
        var own = timeline.Within(windows);
        var (metrics, ins, outs) = WindowMetrics.Compute(windows, own, net, firstSeen, zone);
        var (atStart, shares) = WindowMetrics.Retention(windows[0].From, windows[^1].To, own, net);
        return new EpisodeAudience(DateTimeOffset.FromUnixTimeSeconds(windows[0].From), DateTimeOffset.FromUnixTimeSeconds(windows[^1].To),
            episode.OneOff, metrics, ins, outs, new EpisodeRetention(atStart, shares), previous);
    }
}
