using Asteroid.Reports;
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
        var (request, net, invalid) = TracksApi.Parse(context, services, dataset == "tracks" ? sort : null);
        if (request is null)
        {
            return invalid!;
        }

        if (dataset == "plays")
        {
            var result = await TracksApi.Plays(services, request, net);
            if (result.Problem is { } problem)
            {
                return Failed(problem);
            }

            ExportApi.StartDownload(context, services.Query, dataset, format);
            await using var table = TableWriter.Create(format, context.Response.Body, PlayColumns);
            foreach (var p in result.Report!.Plays.Select(r => new PlayItem(r)))
            {
                await table.WriteRowAsync(p.Server, p.Mount, p.StartedAt, p.EndedAt, p.StartPrecisionSeconds, p.EndPrecisionSeconds, p.Artist, p.Title,
                    p.Album, p.Isrc, p.Label, p.DurationSeconds, p.Source, p.ListenersAtStart, p.ListenersAtEnd, p.PeakListeners, p.UniqueListeners,
                    p.TuneIns, p.TuneOuts, p.ListenMinutes, p.TuneOutIndex, p.BaselinePlays);
            }
        }
        else
        {
            var result = await TracksApi.Tracks(services, request, net, sort.Length > 0 ? sort : "plays");
            if (result.Problem is { } problem)
            {
                return Failed(problem);
            }

            ExportApi.StartDownload(context, services.Query, dataset, format);
            await using var table = TableWriter.Create(format, context.Response.Body, TrackColumns);
            foreach (var t in result.Report!.Tracks.Select(r => new TrackItem(r)))
            {
                await table.WriteRowAsync(t.Artist, t.Title, t.Plays, t.UniqueListeners, t.ListenMinutes, t.TuneIns, t.TuneOuts, t.PeakListeners,
                    t.TuneOutIndex, t.BaselinePlays, t.FirstPlayedAt, t.LastPlayedAt);
            }
        }

        return TypedResults.Empty;
    }

    private static Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem> Failed(ReportProblem problem) =>
        ReportServices.Failed<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>>(problem, p => p, p => p);
}
