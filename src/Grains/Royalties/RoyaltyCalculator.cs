using Asteroid.Tracks;

namespace Asteroid.Royalties;

/// <summary>The royalty figures, pure (definitions in docs/royalties.md).
/// <list type="bullet">
/// <item>A station is one channel: plays of one recording on several of its mounts whose times overlap
/// are one transmission (the "station play"), heard by the union of their mounts' listeners.</item>
/// <item>A performance is a station play received in any part (any overlap of positive length) by one
/// listener (listener key) in the US (session country) whose session is not a bot's; a listener on two
/// mounts at once is one performance.</item>
/// <item>Tuning hours are listener-time: per listener key, the union of their sessions, so two mounts at
/// once count once.</item>
/// </list></summary>
public static class RoyaltyCalculator
{
    public const string UnitedStates = "US";

    private const long HourMs = 3_600_000;

    /// <summary>The station plays of <paramref name="plays"/> (oldest first), matched, classified and
    /// with their US listeners counted from <paramref name="sessions"/>.</summary>
    public static IReadOnlyList<StationPlay> StationPlays(IReadOnlyList<SourcePlay> plays, CatalogIndex catalog, IReadOnlyList<string> nonMusicPatterns,
        IReadOnlyList<SourceSession> sessions)
    {
        var merged = new List<StationPlay>();
        var latest = new Dictionary<string, StationPlay>(StringComparer.Ordinal); // the latest station play of each recording
        foreach (var p in plays.OrderBy(p => p.Play.StartedAt).ThenBy(p => p.Play.Server, StringComparer.Ordinal).ThenBy(p => p.Play.Mount, StringComparer.Ordinal))
        {
            var (entry, position, by) = catalog.Match(p.Play.Artist, p.Play.Title, p.Play.Isrc);
            var recording = position >= 0 ? "c:" + position : RoyaltyNames.Isrc(p.Play.Isrc) is { } isrc ? "i:" + isrc : "k:" + RoyaltyNames.MatchKey(p.Play.Artist, p.Play.Title);
            var mount = p.Play.Server + p.Play.Mount;
            if (latest.TryGetValue(recording, out var same) && same.Start < p.End && p.Play.StartedAt < same.End && !same.Mounts.Contains(mount))
            {
                same.Mounts.Add(mount);
                same.End = p.End > same.End ? p.End : same.End;
                same.EndKnown &= p.EndKnown;
                continue;
            }

            var nonMusic = entry is { Music: false } || NonMusicPattern.Matches(nonMusicPatterns, p.Play.Artist, p.Play.Title)
                || (entry is not null && NonMusicPattern.Matches(nonMusicPatterns, entry.Artist, entry.Title));
            var kind = nonMusic ? PlayKinds.NonMusic : entry is { DirectLicense: true } ? PlayKinds.DirectLicense : PlayKinds.Music;
            var play = new StationPlay(p.Play, recording, entry, by, kind) { End = p.End, EndKnown = p.EndKnown, Mounts = [mount] };
            merged.Add(play);
            latest[recording] = play;
        }

        // US listeners of each station play: sessions bucketed by the hours they overlap.
        var buckets = new Dictionary<(string Mount, long Hour), List<SourceSession>>();
        foreach (var s in sessions.Where(s => !s.Bot && s.Country == UnitedStates && s.End > s.Start))
        {
            for (var h = s.Start / HourMs; h <= (s.End - 1) / HourMs; h++)
            {
                var key = (s.Server + s.Mount, h);
                if (!buckets.TryGetValue(key, out var list))
                {
                    buckets[key] = list = [];
                }

                list.Add(s);
            }
        }

        foreach (var m in merged)
        {
            long start = m.Start.ToUnixTimeMilliseconds(), end = m.End.ToUnixTimeMilliseconds();
            var listeners = new HashSet<string>(StringComparer.Ordinal);
            for (var h = start / HourMs; end > start && h <= (end - 1) / HourMs; h++)
            {
                foreach (var mount in m.Mounts)
                {
                    if (buckets.TryGetValue((mount, h), out var list))
                    {
                        listeners.UnionWith(list.Where(s => s.Start < end && s.End > start).Select(s => s.ListenerKey));
                    }
                }
            }

            m.UsListeners = listeners.Count;
        }

        return merged;
    }

    /// <summary>The census Report of Use rows of the music plays (or, with <paramref name="kind"/>, the
    /// directly licensed ones): one per recording, performances summed over its plays, largest first.</summary>
    public static IReadOnlyList<ReportOfUseRow> ReportOfUse(IReadOnlyList<StationPlay> plays, string kind = PlayKinds.Music) =>
        [.. plays.Where(p => p.Kind == kind).GroupBy(p => p.Recording, StringComparer.Ordinal).Select(g =>
        {
            var first = g.First();
            var e = first.Entry;
            return e is not null
                ? new ReportOfUseRow(e.Artist ?? "", e.Title, RoyaltyNames.Isrc(e.Isrc), e.Album, e.Label, g.Sum(p => (long)p.UsListeners), g.Count(), true)
                : new ReportOfUseRow(first.Play.Artist ?? "", first.Play.Title, RoyaltyNames.Isrc(first.Play.Isrc), first.Play.Album, first.Play.Label,
                    g.Sum(p => (long)p.UsListeners), g.Count(), false);
        }).OrderByDescending(r => r.ActualTotalPerformances).ThenBy(r => r.FeaturedArtist, StringComparer.Ordinal).ThenBy(r => r.SoundRecordingTitle, StringComparer.Ordinal)];

    /// <summary>ATH of [<paramref name="from"/>, <paramref name="to"/>): the US listener-hours (per
    /// listener key, the union of their non-bot sessions inside the period) less the part of them
    /// that fell inside directly licensed or non-music station plays.</summary>
    public static TuningHours Ath(IReadOnlyList<StationPlay> plays, IReadOnlyList<SourceSession> sessions, DateTimeOffset from, DateTimeOffset to)
    {
        long f = from.ToUnixTimeMilliseconds(), t = to.ToUnixTimeMilliseconds();
        var direct = Union(plays.Where(p => p.Kind == PlayKinds.DirectLicense).Select(p => Clip(p, f, t)));
        var nonMusic = Union(plays.Where(p => p.Kind == PlayKinds.NonMusic).Select(p => Clip(p, f, t)));
        var excluded = Union(direct.Concat(nonMusic));
        long total = 0, inDirect = 0, inNonMusic = 0, inExcluded = 0;
        var listeners = 0;
        foreach (var listener in sessions.Where(s => !s.Bot && s.Country == UnitedStates).GroupBy(s => s.ListenerKey, StringComparer.Ordinal))
        {
            var heard = Union(listener.Select(s => (Math.Max(s.Start, f), Math.Min(s.End, t))));
            if (heard.Count == 0)
            {
                continue;
            }

            listeners++;
            total += heard.Sum(i => i.End - i.Start);
            inDirect += Overlap(heard, direct);
            inNonMusic += Overlap(heard, nonMusic);
            inExcluded += Overlap(heard, excluded);
        }

        return new TuningHours(Hours(total), Hours(inDirect), Hours(inNonMusic), Hours(total - inExcluded), listeners);
    }

    /// <summary>Listener hours of [<paramref name="from"/>, <paramref name="to"/>) per country (every
    /// non-bot listener, union of their sessions per listener key and country), largest first.</summary>
    public static (double Total, IReadOnlyList<CountryHours> Countries) ListenerHours(IReadOnlyList<SourceSession> sessions, DateTimeOffset from, DateTimeOffset to)
    {
        long f = from.ToUnixTimeMilliseconds(), t = to.ToUnixTimeMilliseconds();
        var byCountry = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var g in sessions.Where(s => !s.Bot).GroupBy(s => (s.ListenerKey, Country: s.Country ?? "")))
        {
            var ms = Union(g.Select(s => (Math.Max(s.Start, f), Math.Min(s.End, t)))).Sum(i => i.End - i.Start);
            if (ms > 0)
            {
                byCountry[g.Key.Country] = byCountry.GetValueOrDefault(g.Key.Country) + ms;
            }
        }

        var total = byCountry.Values.Sum();
        return (Hours(total), [.. byCountry.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new CountryHours(c.Key.Length == 0 ? null : c.Key, Hours(c.Value), Math.Round(100.0 * c.Value / total, 2)))]);
    }

    /// <summary>Hours of [<paramref name="from"/>, <paramref name="to"/>) with a play on air (any mount).</summary>
    public static double ProgrammeHours(IReadOnlyList<StationPlay> plays, DateTimeOffset from, DateTimeOffset to)
    {
        long f = from.ToUnixTimeMilliseconds(), t = to.ToUnixTimeMilliseconds();
        return Hours(Union(plays.Select(p => Clip(p, f, t))).Sum(i => i.End - i.Start));
    }

    public static double Hours(long ms) => Math.Round(ms / (double)HourMs, 4);

    private static (long, long) Clip(StationPlay p, long f, long t) => (Math.Max(p.Start.ToUnixTimeMilliseconds(), f), Math.Min(p.End.ToUnixTimeMilliseconds(), t));

    /// <summary>The union of intervals as sorted, disjoint, non-empty intervals.</summary>
    public static List<(long Start, long End)> Union(IEnumerable<(long Start, long End)> intervals)
    {
        var result = new List<(long Start, long End)>();
        foreach (var (s, e) in intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start))
        {
            if (result.Count > 0 && s <= result[^1].End)
            {
                result[^1] = (result[^1].Start, Math.Max(result[^1].End, e));
            }
            else
            {
                result.Add((s, e));
            }
        }

        return result;
    }

    /// <summary>Total overlap of two sorted disjoint interval lists.</summary>
    public static long Overlap(List<(long Start, long End)> a, List<(long Start, long End)> b)
    {
        long sum = 0;
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var s = Math.Max(a[i].Start, b[j].Start);
            var e = Math.Min(a[i].End, b[j].End);
            if (e > s)
            {
                sum += e - s;
            }

            if (a[i].End < b[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return sum;
    }
}

/// <summary>One transmission of the station: the first play of it (on one mount) and the mounts it
/// was on, its recording (catalogue position, else ISRC, else match key), match and kind, its US listeners.</summary>
public sealed class StationPlay(PlayRecord play, string recording, CatalogEntry? entry, string matchedBy, string kind)
{
    public PlayRecord Play => play;

    public string Recording => recording;

    public CatalogEntry? Entry => entry;

    public string MatchedBy => matchedBy;

    public string Kind => kind;

    public DateTimeOffset Start => play.StartedAt;

    public DateTimeOffset End { get; set; }

    public bool EndKnown { get; set; }

    public List<string> Mounts { get; init; } = [];

    public int UsListeners { get; set; }

    public RoyaltyPlay ToRecord() => new(Start, End, [.. Mounts], play.Artist, play.Title, play.Isrc, entry, matchedBy, kind, UsListeners, EndKnown);
}
