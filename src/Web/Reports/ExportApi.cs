using System.Globalization;
using Asteroid.Analytics;
using Asteroid.Stations;
using Npgsql;

namespace Asteroid.Web.Reports;

/// <summary><c>GET /api/asteroid/stats/export?dataset=daily|hourly|geo|sessions&amp;format=csv|json&amp;from&amp;to</c>
/// (plus <c>station=</c> or <c>server=</c>&amp;<c>mount=</c>): a download, streamed. The sessions
/// dataset reads raw sessions with a server-side cursor and carries listener keys, never IPs.</summary>
public static class ExportApi
{
    private static readonly string[] Datasets = ["daily", "hourly", "geo", "sessions"];
    private static readonly string[] Formats = ["csv", "json"];
    private static readonly string[] MetricColumns =
    [
        "sessions", "shortSessions", "botSessions", "activeSessions", "uniqueListeners", "uniqueListenersExact", "listenMinutes",
        "avgSessionMinutes", "tslMinutes", "aas", "aqh", "peakConcurrent", "peakAt", "newListeners", "returningListeners", "bounceRate",
    ];

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/export", ExportAsync).WithName("ExportStats");
        return api;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext context, string? dataset, string? format, StationResolver stations, IGrainFactory grains, AggregateStore store, StoredDayCache storedDays, NpgsqlDataSource db, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Datasets.Contains(dataset))
        {
            errors["dataset"] = ["dataset is daily, hourly, geo or sessions"];
        }

        if (!Formats.Contains(format ?? "csv"))
        {
            errors["format"] = ["format is csv or json"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The export parameters are not valid");
        }

        var (query, problem) = await ReportQuery.ParseAsync(context.Request, stations, grains);
        if (problem is not null)
        {
            return problem;
        }

        format ??= "csv";
        var q = query!;
        var name = $"asteroid-{q.Scope.Id.Replace('/', '_')}-{dataset}-{q.From:yyyy-MM-dd}-{q.To:yyyy-MM-dd}.{format}";
        context.Response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        var body = context.Response.Body;
        var ct = context.RequestAborted;
        switch (dataset)
        {
            case "daily":
            {
                var data = await ReportData.LoadAsync(q, storedDays, store, grains, time, ct);
                await using var table = TableWriter.Create(format, body, ["date", .. MetricColumns]);
                foreach (var day in data.Days)
                {
                    await table.WriteRowAsync([day.Date.ToString("yyyy-MM-dd"), .. Cells(data.Day(day))]);
                }

                break;
            }

            case "hourly":
            {
                var data = await ReportData.LoadAsync(q, storedDays, store, grains, time, ct);
                await using var table = TableWriter.Create(format, body, ["start", .. MetricColumns]);
                foreach (var day in data.Days)
                {
                    var window = DayWindow.For(day.Date, q.Zone);
                    for (var h = 0; h < day.Hours.Length; h++)
                    {
                        await table.WriteRowAsync([window.HourStart(h), .. Cells(data.Hour(day, h))]);
                    }
                }

                break;
            }

            case "geo":
            {
                var data = await ReportData.LoadAsync(q, storedDays, store, grains, time, ct, withBreakdowns: true);
                await using var table = TableWriter.Create(format, body,
                    ["level", "countryCode", "countryName", "region", "city", "uniqueListeners", "sessions", "listenMinutes"]);
                foreach (var country in GeoReport.Countries(data.Days))
                {
                    await table.WriteRowAsync("country", country.CountryCode, country.CountryName, null, null, country.UniqueListeners, country.Sessions, country.ListenMinutes);
                    foreach (var city in country.Cities)
                    {
                        await table.WriteRowAsync("city", country.CountryCode, country.CountryName, city.Region, city.City, city.UniqueListeners, city.Sessions, city.ListenMinutes);
                    }
                }

                break;
            }

            default:
                await SessionsAsync(q, format, body, db, ct);
                break;
        }

        return Results.Empty;
    }

    private static async Task SessionsAsync(ReportQuery q, string format, Stream body, NpgsqlDataSource db, CancellationToken ct)
    {
        var filter = q.Scope.Kind == Scope.StationKind ? "station_id = @id" : "server_id || mount = @id";
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT session_id, server_id, mount, station_id, started_at, ended_at, duration_seconds, end_precision_seconds, listener_key,
                   country_code, region, city, latitude, longitude, player, os, device, is_bot, bytes_sent, source
            FROM listener_sessions WHERE {filter} AND started_at >= @from AND started_at < @to ORDER BY started_at
            """, connection, tx);
        command.Parameters.AddWithValue("id", q.Scope.Id);
        command.Parameters.AddWithValue("from", DateTimeOffset.FromUnixTimeSeconds(q.FirstDay.Start).UtcDateTime);
        command.Parameters.AddWithValue("to", DateTimeOffset.FromUnixTimeSeconds(q.LastDay.End).UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        await using var table = TableWriter.Create(format, body,
        [
            "sessionId", "server", "mount", "station", "startedAt", "endedAt", "durationSeconds", "endPrecisionSeconds", "listenerKey",
            "countryCode", "region", "city", "latitude", "longitude", "player", "os", "device", "isBot", "bytesSent", "source",
        ]);
        var cells = new object?[20];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i) switch
                {
                    Guid g => g.ToString(),
                    DateTime d => TimeZoneInfo.ConvertTime(new DateTimeOffset(d, TimeSpan.Zero), q.Zone),
                    var v => v,
                };
            }

            await table.WriteRowAsync(cells);
        }
    }

    private static object?[] Cells(Metrics m) =>
    [
        m.Sessions, m.ShortSessions, m.BotSessions, m.ActiveSessions, m.UniqueListeners, m.UniqueListenersExact, m.ListenMinutes,
        m.AvgSessionMinutes, m.TslMinutes, m.Aas, m.Aqh, m.PeakConcurrent, m.PeakAt, m.NewListeners, m.ReturningListeners, m.BounceRate,
    ];
}
