using System.Text.Json;
using System.Text.Json.Nodes;
using Asteroid.Analytics;
using Asteroid.Stations;

namespace Asteroid.Web.Reports;

/// <summary>The stats API: <c>/api/asteroid/stats/daily</c>, <c>/hourly</c>, <c>/geo</c> and
/// <c>/summary</c>. Every number comes from the day aggregates, never from a scan of raw sessions;
/// definitions are in docs/metrics.md.</summary>
public static class ReportsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/daily", (HttpRequest r, StationResolver s, IGrainFactory g, AggregateStore store, StoredDayCache days, TimeProvider t, CancellationToken ct) =>
            RunAsync(r, s, g, store, days, t, false, withBreakdowns: false, data => Header(data.Query, new JsonObject
            {
                ["days"] = new JsonArray([.. data.Days.Select(d => Row("date", d.Date.ToString("yyyy-MM-dd"), data.Day(d)))]),
                ["total"] = JsonSerializer.SerializeToNode(data.Total(), Json),
            }), ct)).WithName("GetDailyStats");

        api.MapGet("/stats/hourly", (HttpRequest r, StationResolver s, IGrainFactory g, AggregateStore store, StoredDayCache days, TimeProvider t, CancellationToken ct) =>
            RunAsync(r, s, g, store, days, t, true, withBreakdowns: false, data => Hourly(data, r.Query.ContainsKey("from")), ct)).WithName("GetHourlyStats");

        api.MapGet("/stats/geo", (HttpRequest r, StationResolver s, IGrainFactory g, AggregateStore store, StoredDayCache days, TimeProvider t, CancellationToken ct) =>
            RunAsync(r, s, g, store, days, t, false, withBreakdowns: true, data => Header(data.Query, new JsonObject
            {
                ["countries"] = JsonSerializer.SerializeToNode(GeoReport.Countries(data.Days), Json),
                ["uniqueListenersExact"] = data.Days.All(d => d.Listeners.IsExact),
            }), ct)).WithName("GetGeoStats");

        api.MapGet("/stats/summary", (HttpRequest r, StationResolver s, IGrainFactory g, AggregateStore store, StoredDayCache days, TimeProvider t, CancellationToken ct) =>
            RunAsync(r, s, g, store, days, t, false, withBreakdowns: true, data =>
            {
                var summary = JsonSerializer.SerializeToNode(data.Total(), Json)!.AsObject();
                summary["sessionLengths"] = new JsonObject(SessionLengthBuckets.Names.Select((name, i) =>
                    KeyValuePair.Create<string, JsonNode?>(name, data.Days.Sum(d => d.SessionLengths[i]))));
                summary["breakdowns"] = JsonSerializer.SerializeToNode(BreakdownReport.All(data.Days), Json);
                return Header(data.Query, summary);
            }, ct)).WithName("GetSummaryStats");
        return api;
    }

    public static async Task<IResult> RunAsync(HttpRequest request, StationResolver stations, IGrainFactory grains, AggregateStore store, StoredDayCache storedDays,
        TimeProvider time, bool allowSingleDate, bool withBreakdowns, Func<ReportData, JsonObject> build, CancellationToken ct)
    {
        var (query, problem) = await ReportQuery.ParseAsync(request, stations, grains, allowSingleDate);
        if (problem is not null)
        {
            return problem;
        }

        var data = await ReportData.LoadAsync(query!, storedDays, store, grains, time, ct, withBreakdowns);
        return Results.Json(build(data), Json);
    }

    /// <summary>Every hour of the range, with hour-of-day and day-of-week profiles for a range:
    /// per local hour (or weekday) the average of its hours (days), the highest peak.</summary>
    private static JsonObject Hourly(ReportData data, bool withProfiles)
    {
        var hours = new List<(DateTimeOffset Start, Metrics Metrics)>();
        foreach (var day in data.Days)
        {
            var window = DayWindow.For(day.Date, data.Query.Zone);
            for (var h = 0; h < day.Hours.Length; h++)
            {
                hours.Add((window.HourStart(h), data.Hour(day, h)));
            }
        }

        var result = Header(data.Query, new JsonObject
        {
            ["hours"] = new JsonArray([.. hours.Select(h => Row("start", h.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture), h.Metrics))]),
        });
        if (withProfiles)
        {
            result["hourOfDay"] = new JsonArray([.. hours.GroupBy(h => h.Start.Hour).OrderBy(g => g.Key)
                .Select(g => Profile("hour", g.Key, g.Select(x => x.Metrics).ToList()))]);
            result["dayOfWeek"] = new JsonArray([.. data.Days.Select(d => (d.Date.DayOfWeek, Metrics: data.Day(d)))
                .GroupBy(d => d.DayOfWeek).OrderBy(g => ((int)g.Key + 6) % 7)
                .Select(g => Profile("day", g.Key.ToString(), g.Select(x => x.Metrics).ToList()))]);
        }

        return result;
    }

    private static JsonObject Profile(string keyName, JsonNode key, List<Metrics> periods) => new()
    {
        [keyName] = key,
        ["periods"] = periods.Count,
        ["sessions"] = Math.Round(periods.Average(m => m.Sessions), 2),
        ["activeSessions"] = Math.Round(periods.Average(m => m.ActiveSessions), 2),
        ["uniqueListeners"] = Math.Round(periods.Average(m => m.UniqueListeners), 2),
        ["listenMinutes"] = Math.Round(periods.Average(m => m.ListenMinutes), 2),
        ["aqh"] = Math.Round(periods.Average(m => m.Aqh), 2),
        ["aas"] = Math.Round(periods.Average(m => m.Aas), 2),
        ["peakConcurrent"] = periods.Max(m => m.PeakConcurrent),
    };

    private static JsonObject Row(string keyName, string key, Metrics metrics)
    {
        var row = new JsonObject { [keyName] = key };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(metrics, Json)!.AsObject().ToList())
        {
            row[name] = value?.DeepClone();
        }

        return row;
    }

    private static JsonObject Header(ReportQuery query, JsonObject body)
    {
        var header = new JsonObject
        {
            ["station"] = query.Station.Id,
            ["timeZone"] = query.Zone.Id,
            ["from"] = query.From.ToString("yyyy-MM-dd"),
            ["to"] = query.To.ToString("yyyy-MM-dd"),
        };
        if (query.Server is not null)
        {
            header["server"] = query.Server;
            header["mount"] = query.Mount;
        }

        foreach (var (name, value) in body.ToList())
        {
            body.Remove(name);
            header[name] = value;
        }

        return header;
    }
}
