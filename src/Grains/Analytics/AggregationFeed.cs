using Asteroid.Database;
using Asteroid.Events;
using Asteroid.Sessions;
using Asteroid.Stations;
using Microsoft.Extensions.Logging;

namespace Asteroid.Analytics;

/// <summary>Each silo collects finished sessions (live, hook and imported) and, twice a second,
/// sends every day-aggregate grain (day metrics and geo) one batch with its sessions — for the station, the mount, the
/// server, the station's groups and the whole network, for every local day (in each scope's zone) a session touches — and records first-seen listeners. A failed batch is
/// retried (the grains ignore sessions they already have); what never arrives is recovered when a
/// day grain rebuilds from the raw log.</summary>
public sealed class AggregationFeed(IGrainFactory grains, StationResolver stations, AggregateStore store, TimeProvider time, ILogger<AggregationFeed> logger)
    : BufferedWriter<SessionEvent>(1_000_000, 20_000, TimeSpan.FromMilliseconds(500), time, logger)
{
    private static readonly TimeSpan EnqueueTimeout = TimeSpan.FromSeconds(30);

    protected override string What => "sessions for the aggregates";

    public ValueTask<bool> FinishedAsync(FinishedSession session) => EnqueueAsync(SessionEvent.Finish(session), EnqueueTimeout);

    public ValueTask<bool> StartedAsync(OpenSession session) => EnqueueAsync(SessionEvent.Start(session), EnqueueTimeout);

    protected override string Describe(SessionEvent item) => item.Finished is { } f
        ? $"finished session {f.SessionId} ({f.Server}{f.Mount})"
        : $"started session {item.Started!.SessionId} ({item.Started.Server}{item.Started.Mount})";

    protected override async Task WriteBatchAsync(IReadOnlyList<SessionEvent> batch, CancellationToken ct)
    {
        var finished = new Dictionary<string, List<SessionFact>>(StringComparer.Ordinal);
        var started = new Dictionary<string, List<SessionFact>>(StringComparer.Ordinal);
        var firstSeen = new List<(Scope, ulong, long)>();
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        foreach (var item in batch)
        {
            var (server, mount) = item.Finished is { } f ? (f.Server, f.Mount) : (item.Started!.Server, item.Started.Mount);
            var fact = item.Finished is not null ? SessionFact.From(item.Finished) : OpenFact(item.Started!);
            var span = item.Finished is not null ? fact : fact with { End = Math.Max(fact.Start, now) };
            // Its station (as the mounts are grouped now), the mount, the server, the station's groups and the network, each in its own zone.
            foreach (var scope in await stations.ScopesOfAsync(server, mount))
            {
                foreach (var date in DaysOf(span, await stations.ZoneOfAsync(scope)))
                {
                    Add(item.Finished is not null ? finished : started, scope.GrainKey(date), fact);
                }

                if (item.Finished is not null && fact.Qualifies)
                {
                    firstSeen.Add((scope, fact.Listener, fact.Start));
                }
            }
        }

        // First-seen before the grains: a report that already sees a session also sees whether its listener is new.
        await store.UpdateFirstSeenAsync(firstSeen, ct);
        // The same batches to the day grain (metrics) and the geo grain (country and city cells) of each key.
        await Task.WhenAll(
            finished.SelectMany(g => new[]
            {
                grains.GetGrain<IDailyStatsGrain>(g.Key).Add(new Immutable<SessionFact[]>([.. g.Value])),
                grains.GetGrain<IGeoStatsGrain>(g.Key).Add(new Immutable<SessionFact[]>([.. g.Value])),
            })
            .Concat(started.SelectMany(g => new[]
            {
                grains.GetGrain<IDailyStatsGrain>(g.Key).AddOpen(new Immutable<SessionFact[]>([.. g.Value])),
                grains.GetGrain<IGeoStatsGrain>(g.Key).AddOpen(new Immutable<SessionFact[]>([.. g.Value])),
            })));
    }

    /// <summary>An open session as a fact whose end is not known yet (the live view uses "now").</summary>
    private static SessionFact OpenFact(OpenSession s)
    {
        var start = s.StartedAt.ToUnixTimeSeconds();
        return new SessionFact(s.SessionId, SessionFact.ListenerHash(s.Profile.ListenerKey), start, start, s.Profile.IsBot, s.Server, s.Mount,
            s.Profile.CountryCode, s.Profile.Region, s.Profile.City, s.Profile.Player, s.Profile.Os, s.Profile.Device, s.Profile.ReferrerHost, s.Profile.PlayerKind);
    }

    private static void Add(Dictionary<string, List<SessionFact>> perGrain, string key, SessionFact fact)
    {
        if (!perGrain.TryGetValue(key, out var facts))
        {
            perGrain[key] = facts = [];
        }

        facts.Add(fact);
    }

    /// <summary>Every local day a session starts in or overlaps.</summary>
    public static List<DateOnly> DaysOf(SessionFact fact, TimeZoneInfo zone)
    {
        var days = new List<DateOnly>();
        var last = DayWindow.DateOf(Math.Max(fact.Start, fact.End - 1), zone);
        for (var date = DayWindow.DateOf(fact.Start, zone); date <= last; date = date.AddDays(1))
        {
            days.Add(date);
        }

        return days;
    }
}
