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
/// per (station, local day) and (mount, local day) — the code the DailyStats grains run — whose
/// snapshots <see cref="AggregateStore"/> and <see cref="GeoStore"/> save (the DailyStats and
/// GeoStats grains' statements), with first-seen listeners, as the grains and the aggregation feed
/// do. One thread generates and aggregates; one writer writes sessions and first-seen listeners
/// (like one silo's SessionWriter and aggregation feed), another the day and geo rows (the grains,
/// which write at the same time as the feed). The day and geo rows that become final on a loaded
/// day go in one batch (one round trip, one commit): the grains each commit their own row, spread
/// over the day, where a commit per row here would make the load a test of the disk's fsync
/// (≈ 200 commits per loaded day).</summary>
public sealed class HistoryLoader(NpgsqlDataSource db, HistoryGenerator generator)
{
    private const int Batch = 5000;

    public sealed record class Result(long Sessions, long DayRows, TimeSpan Elapsed, IReadOnlyDictionary<string, TimeSpan> WriteTime);

    public async Task<Result> LoadAsync(Action<string> progress, CancellationToken ct)
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
        for (var day = 0; day < generator.Days; day++)
        {
            var generated = generator.Day(day);
            var firstSeen = new List<(Scope, ulong, long)>();
            foreach (var (station, session) in generated)
            {
                var fact = SessionFact.From(session);
                var zone = generator.Zone(station);
                var days = AggregationFeed.DaysOf(fact, zone);
                foreach (var scope in new[] { Scope.Station(session.Station!), Scope.Mount(session.Server, session.Mount) })
                {
                    foreach (var date in days)
                    {
                        if (!open.TryGetValue((scope, date), out var aggregator))
                        {
                            open[(scope, date)] = aggregator = (new TrafficDayAggregator(DayWindow.For(date, zone)), new GeoDayAggregator(DayWindow.For(date, zone)));
                        }

                        aggregator.Day.Add(fact);
                        aggregator.Geo.Add(fact);
                    }

                    if (fact.Qualifies)
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

            foreach (var chunk in generated.Select(g => g.Session).Chunk(Batch))
            {
                await work.Writer.WriteAsync(("sessions", () => store.WriteAsync([], chunk, ct)), ct);
            }

            foreach (var chunk in firstSeen.Chunk(20_000))
            {
                await work.Writer.WriteAsync(("first-seen", () => aggregates.UpdateFirstSeenAsync(chunk, ct)), ct);
            }

            // Local days that no later session can touch any more (sessions last under 10 h; time
            // zones are at most a day apart from UTC) are final: save them as the grains would.
            var today = generator.FirstDay.AddDays(day);
            var final = open.Where(o => o.Key.Date < today.AddDays(-1) || day == generator.Days - 1).ToList();
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

            sessions += generated.Count;
            dayRows += final.Count;
            if (day % 30 == 29)
            {
                progress($"history: {day + 1} of {generator.Days} days, {sessions:N0} sessions, {sessions / clock.Elapsed.TotalSeconds:N0}/s");
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
