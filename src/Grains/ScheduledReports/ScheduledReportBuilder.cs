using System.Globalization;
using System.Text;
using Asteroid.Alerts;
using Asteroid.Reports;
using Asteroid.Royalties;
using Asteroid.Shows;
using Asteroid.Tracks;
using Microsoft.Extensions.Options;

namespace Asteroid.ScheduledReports;

/// <summary>Builds the report of one period of a schedule from the report contracts only: the summary
/// of the period and of the one before (<see cref="IReportGrain.Summary"/>), top tracks
/// (<see cref="ITrackReportGrain"/>) and shows (<see cref="IShowReportGrain"/>, stations only), and the
/// CSVs of the <c>/stats/export</c> datasets (daily, geo, sessions from <see cref="ISessionExportGrain"/>),
/// each bounded by <c>ScheduledReports:MaxAttachmentBytes</c>; for a station's monthly report with
/// royalties, the month's SoundExchange Report of Use (<see cref="IRoyaltyGrain"/>).</summary>
public sealed class ScheduledReportBuilder(IGrainFactory grains, IOptions<ScheduledReportOptions> options)
{
    private const int SessionBatch = 500;

    public async Task<BuiltReport> BuildAsync(ReportSchedule schedule, ReportPeriod period, string trigger)
    {
        var request = RequestOf(schedule.Scope, period);
        var reports = grains.GetGrain<IReportGrain>(IReportGrain.Key);
        var summary = await reports.Summary(request);
        if (summary.Problem is { } problem)
        {
            throw new ReportBuildException($"{problem.Title}: {problem.Detail}");
        }

        var previousPeriod = ReportPeriods.Previous(period);
        var previous = (await reports.Summary(RequestOf(schedule.Scope, previousPeriod))).Report;
        var scope = schedule.Scope?.ToString() ?? "network:all";
        var tracks = await grains.GetGrain<ITrackReportGrain>(ITrackReportGrain.Key).Tracks(request, true, "plays");
        var shows = schedule.Scope?.Station is not null && period.To.DayNumber - period.From.DayNumber < IShowReportGrain.MaxDays
            ? (await grains.GetGrain<IShowReportGrain>(IShowReportGrain.Key).Shows(request, null, false)).Report
            : null;
        var figures = new ReportFigures(schedule.Id, schedule.Name, scope, summary.Report!.Header.TimeZone, period, summary.Report.Total, previous?.Total,
            [.. summary.Report.Breakdowns.Countries.Take(ReportContent.TopCount).Select(c => (c.Value, c.UniqueListeners))],
            [.. (tracks.Report?.Tracks ?? []).Where(t => t.Plays > 0).Take(ReportContent.TopCount)
                .Select(t => (t.Artist is { Length: > 0 } a ? $"{a} - {t.Title}" : t.Title, t.Plays, t.UniqueListeners))],
            [.. (shows?.Shows ?? []).Where(s => s.Episodes.Count > 0).Take(ReportContent.TopCount).Select(s => (s.Name, s.Total.Aqh, s.Total.UniqueListeners))],
            trigger);

        var files = new List<ReportFile>();
        var name = $"asteroid-{FileSafe(scope)}";
        foreach (var kind in schedule.Attachments)
        {
            if (await AttachmentAsync(kind, request, $"{name}-{kind}-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.csv") is { } file)
            {
                files.Add(file);
            }
        }

        if (schedule.Royalties && period.Kind == ReportPeriodKinds.Monthly && schedule.Scope?.Station is { } station)
        {
            var royalty = await grains.GetGrain<IRoyaltyGrain>(IRoyaltyGrain.Key).SoundExchange(station, period.From.Year, period.From.Month);
            if (royalty.Report is { } soundExchange)
            {
                files.Add(new ReportFile(SoundExchangeFile.FileName(soundExchange, "txt"), "text/plain; charset=utf-8",
                    Encoding.UTF8.GetBytes(SoundExchangeFile.Text(soundExchange)), false));
            }
        }

        return new BuiltReport(ReportContent.Subject(figures), ReportContent.Text(figures, files), ReportContent.Payload(figures), files);
    }

    public static ReportRequest RequestOf(AlertScope? scope, ReportPeriod period) =>
        new(scope?.Station, null, null, period.From, period.To) { Group = scope?.Group };

    private async Task<ReportFile?> AttachmentAsync(string kind, ReportRequest request, string fileName)
    {
        var reports = grains.GetGrain<IReportGrain>(IReportGrain.Key);
        var max = options.Value.MaxAttachmentBytes;
        CsvBuffer csv;
        switch (kind)
        {
            case ReportAttachmentKinds.Daily:
            {
                var daily = (await reports.Daily(request)).Report;
                if (daily is null)
                {
                    return null;
                }

                csv = new CsvBuffer(["date", .. Analytics.MetricsColumns.Names], max);
                foreach (var day in daily.Days)
                {
                    csv.Add([day.Date, .. Analytics.MetricsColumns.Cells(day.Metrics)]);
                }

                break;
            }

            case ReportAttachmentKinds.Geo:
            {
                var geo = (await reports.Geo(request)).Report;
                if (geo is null)
                {
                    return null;
                }

                csv = new CsvBuffer(["level", "countryCode", "countryName", "region", "city", "uniqueListeners", "sessions", "listenMinutes"], max);
                foreach (var country in geo.Countries)
                {
                    csv.Add("country", country.CountryCode, country.CountryName, null, null, country.UniqueListeners, country.Sessions, country.ListenMinutes);
                    foreach (var city in country.Cities)
                    {
                        csv.Add("city", country.CountryCode, country.CountryName, city.Region, city.City, city.UniqueListeners, city.Sessions, city.ListenMinutes);
                    }
                }

                break;
            }

            case ReportAttachmentKinds.Sessions:
            {
                if ((await reports.Resolve(request)).Problem is not null)
                {
                    return null;
                }

                csv = new CsvBuffer(SessionExportRow.Columns, max);
                var rows = grains.GetGrain<ISessionExportGrain>(Guid.NewGuid()).Sessions(request).WithBatchSize(SessionBatch);
                await foreach (var s in rows)
                {
                    if (!csv.Add(s.SessionId, s.Server, s.Mount, s.Station, s.StartedAt, s.EndedAt, s.DurationSeconds, s.EndPrecisionSeconds,
                        s.ListenerKey, s.CountryCode, s.Region, s.City, s.Latitude, s.Longitude, s.Player, s.Os, s.Device, s.IsBot, s.BytesSent, s.Source))
                    {
                        break; // at the size limit: the enumerator's disposal ends the export grain's stream
                    }
                }

                break;
            }

            default:
                return null;
        }

        return new ReportFile(fileName, "text/csv; charset=utf-8", csv.ToBytes(), csv.Truncated);
    }

    private static string FileSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        return safe.ToString();
    }
}

/// <summary>A report that cannot be built now (its scope is gone, a range the zone cannot count in).</summary>
public sealed class ReportBuildException(string message) : Exception(message);
