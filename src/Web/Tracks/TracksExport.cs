using Asteroid.Tracks;
using Asteroid.Web.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Tracks;

/// <summary>The <c>plays</c> and <c>tracks</c> datasets of <c>/stats/export</c>: the rows of
/// <c>/stats/plays</c> and <c>/stats/tracks</c> (same parameters, <c>traffic=</c> and, for tracks,
/// <c>sort=</c>) as CSV or JSON.</summary>
public static class TracksExport
{
    public static readonly string[] PlayColumns =
    [
        "server", "mount", "startedAt", "endedAt", "startPrecisionSeconds", "endPrecisionSeconds", "artist", "title", "album", "isrc", "label",
        "durationSeconds", "source", "listenersAtStart", "listenersAtEnd", "peakListeners", "uniqueListeners", "tuneIns", "tuneOuts",
        "listenMinutes", "tuneOutIndex", "baselinePlays",
    ];

    public static readonly string[] TrackColumns =
    [
        "artist", "title", "plays", "uniqueListeners", "listenMinutes", "tuneIns", "tuneOuts", "peakListeners", "tuneOutIndex", "baselinePlays",
        "firstPlayedAt", "lastPlayedAt",
    ];

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> ExportAsync(
        HttpContext context, string dataset, string format, ReportServices services)
    {
        var sort = context.Request.Query["sort"].ToString();
        if (dataset == "tracks" && sort.Length > 0 && !TrackReports.Sorts.Contains(sort))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sort"] = ["sort is plays, uniqueListeners, listenMinutes or tuneOutIndex"] },
                title: "The export parameters are not valid");
        }

        var (request, notFound, invalid) = await TracksApi.ResolveAsync(context, services);
        if (request is null)
        {
            return notFound is not null ? notFound : invalid!;
        }

        var reports = context.RequestServices.GetRequiredService<TrackReports>();
        var ct = context.RequestAborted;
        if (dataset == "plays")
        {
            var plays = await reports.PlaysAsync(request.Scope, request.Header.From, request.Header.To, request.Net, ct);
            ExportApi.StartDownload(context, services.Query, dataset, format);
            await using var table = TableWriter.Create(format, context.Response.Body, PlayColumns);
            foreach (var p in plays.Select(r => new PlayItem(r)))
            {
                await table.WriteRowAsync(p.Server, p.Mount, p.StartedAt, p.EndedAt, p.StartPrecisionSeconds, p.EndPrecisionSeconds, p.Artist, p.Title,
                    p.Album, p.Isrc, p.Label, p.DurationSeconds, p.Source, p.ListenersAtStart, p.ListenersAtEnd, p.PeakListeners, p.UniqueListeners,
                    p.TuneIns, p.TuneOuts, p.ListenMinutes, p.TuneOutIndex, p.BaselinePlays);
            }
        }
        else
        {
            var tracks = await reports.TracksAsync(request.Scope, request.Header.From, request.Header.To, request.Net, sort.Length > 0 ? sort : "plays", ct);
            ExportApi.StartDownload(context, services.Query, dataset, format);
            await using var table = TableWriter.Create(format, context.Response.Body, TrackColumns);
            foreach (var t in tracks.Select(r => new TrackItem(r)))
            {
                await table.WriteRowAsync(t.Artist, t.Title, t.Plays, t.UniqueListeners, t.ListenMinutes, t.TuneIns, t.TuneOuts, t.PeakListeners,
                    t.TuneOutIndex, t.BaselinePlays, t.FirstPlayedAt, t.LastPlayedAt);
            }
        }

        return TypedResults.Empty;
    }
}
