using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Asteroid.Analytics;
using Asteroid.Sessions;
using Npgsql;

namespace Asteroid.Bench.History;

/// <summary>Loads a generated history through the project's own write path, minus the grain hop:
/// sessions go to PostgreSQL with <see cref="SessionStore.WriteAsync"/> in batches of 5,000 (the
/// SessionWriter's statement and batch size), and are aggregated with <see cref="TrafficDayAggregator"/> (net and gross)
/// per local day of each scope the aggregation feed sends a session to — its station, its mount,
/// its server and the network, each in its zone — with the code the DailyStats grains run, whose
/// snapshots <see cref="AggregateStore"/> and <see cref="GeoStore"/> save (the DailyStats and
/// GeoStats grains' statements), with first-seen listeners, as the grains and the aggregation feed
/// do. One thread generates and aggregates; one writer writes sessions and first-seen listeners
/// (like one silo's SessionWriter and aggregation feed), another the day and geo rows (the grains,
/// which write at the same time as the feed). The day and geo rows that become final on a loaded
/// day go in one batch (one round trip, one commit): the grains each commit their own row, spread
/// over the day, where a commit per row here would make the load a test of the disk's fsync
/// (≈ 200 commits per loaded day).</summary>
public sealed class HistoryLoader(NpgsqlDataSource db, HistoryGenerator? generator)
{
    private const int Batch = 5000;

    public sealed record class Result(long Sessions, long DayRows, TimeSpan Elapsed, IReadOnlyDictionary<string, TimeSpan> WriteTime);

    /// <summary>One UTC day of sessions: (station, fact) to aggregate and, when loading, the sessions to write.</summary>
    private sealed record class LoadDay(List<(int Station, SessionFact Fact)> Facts, IReadOnlyList<FinishedSession> ToWrite);

    public Task<Result> LoadAsync(Action<string> progress, CancellationToken ct)
    {
        var history = generator ?? throw new InvalidOperationException("loading needs a generator");
        return RunAsync(history.Days, history.FirstDay, day =>
        {
            var generated = history.Day(day);
            return Task.FromResult(new LoadDay([.. generated.Select(g => (g.Station, SessionFact.From(g.Session)))], [.. generated.Select(g => g.Session)]));
        }, history.Zone, _ => true, progress, ct);
    }

    /// <summary>For a history already in <c>bench_history</c> (loaded by an older bench, whose day
    /// rows lack the network and server scopes or the gross part): re-aggregates its raw sessions with
    /// the same day loop as <see cref="LoadAsync"/>, read back day by day with the service's own
    /// reader (<see cref="AggregateStore.LoadRawAsync"/>), and replaces every day and geo row;
    /// first-seen listeners are added for the network and server scopes (the station and mount ones
    /// are already stored). Queued scope rebuilds are dropped: this does their work.</summary>
    public static async Task<Result> ReaggregateAsync(NpgsqlDataSource db, Action<string> progress, CancellationToken ct)
    {
        await using (var clear = db.CreateCommand("""
            DELETE FROM scope_rebuilds;
            DELETE FROM daily_stats WHERE scope LIKE 'network:%' OR scope LIKE 'server:%';
            DELETE FROM geo_stats WHERE scope LIKE 'network:%' OR scope LIKE 'server:%';
            DELETE FROM listener_first_seen WHERE scope LIKE 'network:%' OR scope LIKE 'server:%';
            DELETE FROM new_listeners WHERE scope LIKE 'network:%' OR scope LIKE 'server:%';
            """))
        {
            clear.CommandTimeout = 0;
            await clear.ExecuteNonQueryAsync(ct);
        }

        DateOnly first, last;
        await using (var range = db.CreateCommand("SELECT min(started_at), max(started_at) FROM listener_sessions"))
        await using (var reader = await range.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (first, last) = (DateOnly.FromDateTime(reader.GetDateTime(0)), DateOnly.FromDateTime(reader.GetDateTime(1)));
        }

        var store = new AggregateStore(db);
        return await new HistoryLoader(db, null).RunAsync(last.DayNumber - first.DayNumber + 1, first, async day =>
        {
            var window = DayWindow.For(first.AddDays(day), TimeZoneInfo.Utc);
            // The reader also returns sessions that began earlier and overlap the day: each is counted on its own start day.
            var facts = (await store.LoadRawAsync(ScopeMembers.Everything, window, ct)).Where(f => f.Start >= window.Start)
                .Select(f => (BenchNetwork.StationOf(f.Mount), f)).ToList();
            return new LoadDay(facts, []);
        }, station => TimeZoneInfo.FindSystemTimeZoneById(BenchNetwork.TimeZones[station]),
            scope => scope.Kind is Scope.NetworkKind or Scope.ServerKind, progress, ct);
    }

    private async Task<Result> RunAsync(int dayCount, DateOnly firstDay, Func<int, Task<LoadDay>> load, Func<int, TimeZoneInfo> zoneOf,
        Func<Scope, bool> recordFirstSeen, Action<string> progress, CancellationToken ct)
    {
        var store = new SessionStore(db);
        var aggregates = new AggregateStore(db);
        var writeTime = new ConcurrentDictionary<string, TimeSpan>();
        Channel<(string Phase, Func<Task> Write)> Writer(out Task done)
        {
            var channel = Channel.CreateBounded<(string Phase, Func<Task> Write)>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
            done = Task.Run(async () =>
            {
                await foreach (var (phase, write) in channel.Reader.ReadAllAsync(ct))
                {
                    var started = Stopwatch.GetTimestamp();
                    await write();
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    writeTime.AddOrUpdate(phase, elapsed, (_, sum) => sum + elapsed);
                }
            }, ct);
            return channel;
        }

        var work = Writer(out var sessionWriter);
        var dayWork = Writer(out var dayWriter);

        var clock = Stopwatch.StartNew();
        var open = new Dictionary<(Scope Scope, DateOnly Date), (TrafficDayAggregator Day, GeoDayAggregator Geo)>();
        var seen = new HashSet<(int Scope, ulong Listener)>();
        var scopeIndex = new Dictionary<Scope, int>();
        long sessions = 0, dayRows = 0;
        for (var day = 0; day < dayCount; day++)
        {
            var generated = await load(day);
            var firstSeen = new List<(Scope, ulong, long)>();
            foreach (var (station, fact) in generated.Facts)
            {
                var zone = zoneOf(station);
                // The scopes AggregationFeed sends a session to (StationResolver.ScopesOfAsync), each in
                // its zone: the station and the mount in the station's, the server and the network in UTC
                // (the bench's servers have no zone; Network:TimeZone is left at UTC).
                foreach (var (scope, scopeZone) in new[]
                {
                    (Scope.Station(BenchNetwork.StationId(station)), zone), (Scope.Mount(fact.Server, fact.Mount), zone),
                    (Scope.Server(fact.Server), TimeZoneInfo.Utc), (Scope.Network, TimeZoneInfo.Utc),
                })
                {
                    foreach (var date in AggregationFeed.DaysOf(fact, scopeZone))
                    {
                        if (!open.TryGetValue((scope, date), out var aggregator))
                        {
                            open[(scope, date)] = aggregator = (new TrafficDayAggregator(DayWindow.For(date, scopeZone)), new GeoDayAggregator(DayWindow.For(date, scopeZone)));
                        }

                        aggregator.Day.Add(fact);
                        aggregator.Geo.Add(fact);
                    }

                    if (fact.Qualifies && recordFirstSeen(scope))
                    {
                        if (!scopeIndex.TryGetValue(scope, out var index))
                        {
                            scopeIndex[scope] = index = scopeIndex.Count;
                        }

                        if (seen.Add((index, fact.Listener)))
                        {
                            firstSeen.Add((scope, fact.Listener, fact.Start));
                        }
                    }
                }
            }

            foreach (var chunk in generated.ToWrite.Chunk(Batch))
            {
                await work.Writer.WriteAsync(("sessions", () => store.WriteAsync([], chunk, ct)), ct);
            }

            foreach (var chunk in firstSeen.Chunk(20_000))
            {
                await work.Writer.WriteAsync(("first-seen", () => aggregates.UpdateFirstSeenAsync(chunk, ct)), ct);
            }

            // Local days that no later session can touch any more (sessions last under 10 h; time
            // zones are at most a day apart from UTC) are final: save them as the grains would.
            var today = firstDay.AddDays(day);
            var final = open.Where(o => o.Key.Date < today.AddDays(-1) || day == dayCount - 1).ToList();
            var rows = new List<(Scope Scope, DayStats Day, int Sessions, GeoDay Geo)>();
            foreach (var ((scope, date), aggregator) in final)
            {
                open.Remove((scope, date));
                rows.Add((scope, aggregator.Day.Snapshot(), aggregator.Day.SessionCount, aggregator.Geo.Snapshot()));
            }

            if (rows.Count > 0)
            {
                await dayWork.Writer.WriteAsync(("day rows", () => SaveDaysAsync(rows, ct)), ct);
            }

            sessions += generated.Facts.Count;
            dayRows += final.Count;
            if (day % 30 == 29)
            {
                progress($"history: {day + 1} of {dayCount} days, {sessions:N0} sessions, {sessions / clock.Elapsed.TotalSeconds:N0}/s");
            }
        }

        work.Writer.Complete();
        dayWork.Writer.Complete();
        await Task.WhenAll(sessionWriter, dayWriter);

        await StampAsWrittenAtDayEndAsync(db, ct);
        return new Result(sessions, dayRows, clock.Elapsed, writeTime);
    }

    /// <summary>Written over a year, each day's row would last have changed when the day ended: say so, or
    /// the silos' start-up reconciliation (days written in the last two days) rebuilds all of them;
    /// geo rows likewise, as the geo grains would have left them. The gross part was written with the
    /// row (gross_at = updated_at marks that), so it moves with it.</summary>
    public static async Task StampAsWrittenAtDayEndAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        foreach (var table in new[] { "daily_stats", "geo_stats" })
        {
            await using var stamp = db.CreateCommand(
                $"UPDATE {table} SET updated_at = (day + 1)::timestamp AT TIME ZONE 'UTC', gross_at = CASE WHEN gross_at = updated_at THEN (day + 1)::timestamp AT TIME ZONE 'UTC' END");
            stamp.CommandTimeout = 0;
            await stamp.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Day and geo rows with the stores' own statements, in one batch (an implicit transaction).</summary>
    private async Task SaveDaysAsync(List<(Scope Scope, DayStats Day, int Sessions, GeoDay Geo)> rows, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        foreach (var (scope, day, sessions, geo) in rows)
        {
            batch.BatchCommands.Add(AggregateStore.SaveCommand(scope, day, sessions));
            batch.BatchCommands.Add(GeoStore.SaveCommand(scope, geo));
        }

        await batch.ExecuteNonQueryAsync(ct);
    }
}
