using System.Text;
using Asteroid.Analytics;
using Asteroid.Reports;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Asteroid.Web.Reports;

/// <summary><c>GET /api/asteroid/stats/export?dataset=daily|hourly|geo|breakdowns|sessions|plays|tracks|shows&amp;format=csv|json&amp;from&amp;to</c>
/// (plus <c>station=</c> or <c>server=</c>&amp;<c>mount=</c>): a download, streamed. The sessions
/// dataset streams raw sessions from the session export grain in batches and carries listener
/// keys, never IPs. The breakdowns dataset is the summary's breakdowns, one row per dimension and
/// value (country, city, player, os, device, mount, referrer, playerKind). <c>traffic=</c> applies to
/// the daily, hourly, geo and breakdowns datasets; the sessions
/// dataset lists every session (with <c>isBot</c> and <c>durationSeconds</c>) whatever it says.</summary>
public static class ExportApi
{
    private const int SessionBatch = 500;
    private static readonly string[] Datasets = ["daily", "hourly", "geo", "breakdowns", "sessions", "plays", "tracks", "shows"];
    private static readonly string[] Formats = ["csv", "json"];

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/export", ExportAsync).WithName("ExportStats")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: ["application/json"])
            .ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        return api;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> ExportAsync(
        HttpContext context, string? dataset, string? format, [AsParameters] ReportServices services)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Datasets.Contains(dataset))
        {
            errors["dataset"] = ["dataset is daily, hourly, geo, breakdowns, sessions, plays, tracks or shows"];
        }

        if (!Formats.Contains(format ?? "csv"))
        {
            errors["format"] = ["format is csv or json"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The export parameters are not valid");
        }

        if (!services.TryGetRequest(out var request, out var invalid))
        {
            return invalid!;
        }

        format ??= "csv";
        if (services.Query.Daypart is not null && dataset == "sessions")
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["daypart"] = ["daypart= is accepted by every dataset but sessions (use /stats/sessions?daypart=)"] },
                title: "The export parameters are not valid");
        }

        if (dataset == "shows")
        {
            return await Shows.ShowsExport.ExportAsync(context, format, services);
        }

        if (dataset is "plays" or "tracks")
        {
            return await Tracks.TracksExport.ExportAsync(context, dataset, format, services);
        }

        var reports = services.Reports;
        var body = context.Response.Body;
        var ct = context.RequestAborted;
        switch (dataset)
        {
            case "daily":
            {
                var result = services.Query.Daypart is { } daypart ? await Shows.ShowsApi.Reports(services.Grains).DaypartDaily(request, daypart) : await reports.Daily(request);
                if (result.Problem is { } problem)
                {
                    return Failed(problem);
                }

                StartDownload(context, services.Query, dataset, format);
                await using var table = TableWriter.Create(format, body, ["date", .. MetricsFields.Names]);
                foreach (var day in result.Report!.Days)
                {
                    await table.WriteRowAsync([day.Date.ToString("yyyy-MM-dd"), .. MetricsFields.Cells(day.Metrics)]);
                }

                break;
            }

            case "hourly":
            {
                var result = services.Query.Daypart is { } daypart
                    ? await Shows.ShowsApi.Reports(services.Grains).DaypartHourly(request, daypart)
                    : await reports.Hourly(request with { SingleDate = true }); // the rows only, not the profiles
                if (result.Problem is { } problem)
                {
                    return Failed(problem);
                }

                StartDownload(context, services.Query, dataset, format);
                await using var table = TableWriter.Create(format, body, ["start", .. MetricsFields.Names]);
                foreach (var hour in result.Report!.Hours)
                {
                    await table.WriteRowAsync([hour.Start, .. MetricsFields.Cells(hour.Metrics)]);
                }

                break;
            }

            case "geo":
            {
                var result = services.Query.Daypart is { } daypart ? await Shows.ShowsApi.Reports(services.Grains).DaypartGeo(request, daypart) : await reports.Geo(request);
                if (result.Problem is { } problem)
                {
                    return Failed(problem);
                }

                StartDownload(context, services.Query, dataset, format);
                await using var table = TableWriter.Create(format, body,
                    ["level", "countryCode", "countryName", "region", "city", "uniqueListeners", "sessions", "listenMinutes"]);
                foreach (var country in result.Report!.Countries)
                {
                    await table.WriteRowAsync("country", country.CountryCode, country.CountryName, null, null, country.UniqueListeners, country.Sessions, country.ListenMinutes);
                    foreach (var city in country.Cities)
                    {
                        await table.WriteRowAsync("city", country.CountryCode, country.CountryName, city.Region, city.City, city.UniqueListeners, city.Sessions, city.ListenMinutes);
                    }
                }

                break;
            }

            case "breakdowns":
            {
                var result = services.Query.Daypart is { } daypart
                    ? await Shows.ShowsApi.Reports(services.Grains).DaypartSummary(request, daypart)
                    : await reports.Summary(request);
                if (result.Problem is { } problem)
                {
                    return Failed(problem);
                }

                StartDownload(context, services.Query, dataset, format);
                await using var table = TableWriter.Create(format, body, ["dimension", "value", "uniqueListeners", "sessions", "listenMinutes"]);
                var b = result.Report!.Breakdowns;
                foreach (var (dimension, rows) in new[]
                {
                    ("country", b.Countries), ("city", b.Cities), ("player", b.Players), ("os", b.Os), ("device", b.Devices), ("mount", b.Mounts),
                    ("referrer", b.Referrers ?? []), ("playerKind", b.PlayerKinds ?? []),
                })
                {
                    foreach (var row in rows)
                    {
                        await table.WriteRowAsync(dimension, row.Value, row.UniqueListeners, row.Sessions, row.ListenMinutes);
                    }
                }

                break;
            }

            default:
            {
                if ((await reports.Resolve(request)).Problem is { } problem)
                {
                    return Failed(problem);
                }

                StartDownload(context, services.Query, dataset!, format);
                await using var table = TableWriter.Create(format, body, SessionExportRow.Columns);
                var rows = services.Grains.GetGrain<ISessionExportGrain>(Guid.NewGuid()).Sessions(request).WithBatchSize(SessionBatch);
                await foreach (var s in rows.WithCancellation(ct))
                {
                    await table.WriteRowAsync(s.SessionId, s.Server, s.Mount, s.Station, s.StartedAt, s.EndedAt, s.DurationSeconds, s.EndPrecisionSeconds,
                        s.ListenerKey, s.CountryCode, s.Region, s.City, s.Latitude, s.Longitude, s.Player, s.Os, s.Device, s.IsBot, s.BytesSent, s.Source);
                }

                break;
            }
        }

        return TypedResults.Empty;
    }

    private static Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem> Failed(ReportProblem problem) =>
        ReportServices.Failed<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>>(problem, p => p, p => p);

    internal static void StartDownload(HttpContext context, ReportQuery query, string dataset, string format)
    {
        var r = query.Request!;
        context.Response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(FileName($"asteroid-{query.ScopeName.Replace('/', '_')}-{dataset}-{r.From:yyyy-MM-dd}-{r.To:yyyy-MM-dd}.{format}"));
        context.Response.Headers.ContentDisposition = disposition.ToString();
    }

    /// <summary>A file name that is safe anywhere: letters, digits and <c>._-</c> stay (non-ASCII
    /// letters too, sent in <c>filename*</c>); anything else, control characters included, becomes '_'.</summary>
    public static string FileName(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        return safe.ToString();
    }
}
