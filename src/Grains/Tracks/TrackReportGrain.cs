using Asteroid.Reports;
using Asteroid.Shows;

namespace Asteroid.Tracks;

/// <summary>The track report contract: resolves the request's scope (<see cref="ScopeResolver"/>,
/// the same rules as every report; with a daypart, <see cref="DaypartResolver"/>), takes its mounts
/// (<see cref="TrackScope"/>) and asks <see cref="TrackReports"/>. Activates on the calling silo, like the report grain.</summary>
[StatelessWorker, Reentrant, GrainType("track-report")]
public sealed class TrackReportGrain(ScopeResolver resolver, DaypartResolver dayparts, TrackReports reports) : Grain, ITrackReportGrain
{
    public Task<ReportResult<PlaysReport>> Plays(ReportRequest request, bool net) => PlaysAsync(request, net, null);

    public Task<ReportResult<PlaysReport>> PlaysInDaypart(ReportRequest request, bool net, string daypart) => PlaysAsync(request, net, daypart);

    public Task<ReportResult<TracksReport>> Tracks(ReportRequest request, bool net, string sort) => TracksAsync(request, net, sort, null);

    public Task<ReportResult<TracksReport>> TracksInDaypart(ReportRequest request, bool net, string sort, string daypart) => TracksAsync(request, net, sort, daypart);

    private async Task<ReportResult<PlaysReport>> PlaysAsync(ReportRequest request, bool net, string? daypart)
    {
        var (scope, windows, problem) = await dayparts.ScopeAndWindowsAsync(resolver, request, daypart);
        if (scope is null)
        {
            return ReportResult<PlaysReport>.Failed(problem!);
        }

        var plays = await reports.PlaysAsync(TrackScope.Of(scope), scope.From, scope.To, net, windows, CancellationToken.None);
        return ReportResult<PlaysReport>.Of(new PlaysReport(scope.Header, net ? "net" : "gross", plays));
    }

    private async Task<ReportResult<TracksReport>> TracksAsync(ReportRequest request, bool net, string sort, string? daypart)
    {
        var (scope, windows, problem) = await dayparts.ScopeAndWindowsAsync(resolver, request, daypart);
        if (scope is null)
        {
            return ReportResult<TracksReport>.Failed(problem!);
        }

        var tracks = await reports.TracksAsync(TrackScope.Of(scope), scope.From, scope.To, net, sort, windows, CancellationToken.None);
        return ReportResult<TracksReport>.Of(new TracksReport(scope.Header, net ? "net" : "gross", sort, tracks));
    }
}
