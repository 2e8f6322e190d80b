using Asteroid.Database;
using Asteroid.Sessions;
using Asteroid.Stations;
using Microsoft.Extensions.Logging;

namespace Asteroid.Analytics;

/// <summary>Each silo collects finished sessions (live, hook and imported) and, twice a second,
/// sends every day-aggregate grain one batch with its sessions — for the station and for the mount,
/// for every local day a session touches — and records first-seen listeners. A failed batch is
/// retried (the grains ignore sessions they already have); what never arrives is recovered when a
/// day grain rebuilds from the raw log.</summary>
public sealed class AggregationFeed(IGrainFactory grains, StationResolver stations, AggregateStore store, TimeProvider time, ILogger<AggregationFeed> logger)
    : BufferedWriter<FinishedSession>(1_000_000, 20_000, TimeSpan.FromMilliseconds(500), time, logger)
{
    protected override string What => "sessions for the aggregates";

    public ValueTask<bool> FinishedAsync(FinishedSession session) => EnqueueAsync(session, TimeSpan.FromSeconds(30));

    protected override string Describe(FinishedSession s) => $"session {s.SessionId} ({s.Server}{s.Mount})";

    protected override async Task WriteBatchAsync(IReadOnlyList<FinishedSession> batch, CancellationToken ct)
    {
        var perGrain = new Dictionary<string, List<SessionFact>>(StringComparer.Ordinal);
        var firstSeen = new List<(Scope, ulong, long)>();
        foreach (var session in batch)
        {
            var station = await stations.ResolveAsync(session.Server, session.Mount);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(station.TimeZone);
            var fact = SessionFact.From(session);
            foreach (var scope in new[] { Scope.Station(session.Station ?? station.Id), Scope.Mount(session.Server, session.Mount) })
            {
                foreach (var date in DaysOf(fact, zone))
                {
                    var key = scope.GrainKey(date);
                    if (!perGrain.TryGetValue(key, out var facts))
                    {
                        perGrain[key] = facts = [];
                    }

                    facts.Add(fact);
                }

                if (fact.Qualifies)
                {
                    firstSeen.Add((scope, fact.Listener, fact.Start));
                }
            }
        }

        await Task.WhenAll(perGrain.Select(g => grains.GetGrain<IDailyStatsGrain>(g.Key).Add(new Immutable<SessionFact[]>([.. g.Value]))));
        await store.UpdateFirstSeenAsync(firstSeen, ct);
    }

    /// <summary>Every local day a session starts in or overlaps.</summary>
    public static IEnumerable<DateOnly> DaysOf(SessionFact fact, TimeZoneInfo zone)
    {
        var first = DayWindow.DateOf(fact.Start, zone);
        var last = DayWindow.DateOf(Math.Max(fact.Start, fact.End - 1), zone);
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            yield return date;
        }
    }
}
