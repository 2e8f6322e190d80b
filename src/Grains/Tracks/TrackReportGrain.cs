using Asteroid.Reports;

namespace Asteroid.Tracks;

/// <summary>The track report contract: resolves the request's scope (<see cref="ScopeResolver"/>,
/// the same rules as every report), takes its mounts (<see cref="TrackScope"/>) and asks
/// <see cref="TrackReports"/>. Activates on the calling silo, like the report grain.</summary>
[StatelessWorker, Reentrant, GrainType("track-report")]
public sealed class TrackReportGrain(ScopeResolver resolver, TrackReports reports) : Grain, ITrackReportGrain
{
    public async Task<ReportResult<PlaysReport>> Plays(ReportRequest request, bool net)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return ReportResult<PlaysReport>.Failed(problem!);
        }

        var mounts = TrackScope.Of(scope);
        var plays = await reports.PlaysAsync(mounts, scope.From, scope.To, net, CancellationToken.None);
        return ReportResult<PlaysReport>.Of(new PlaysReport(scope.Header, net ? "net" : "gross", plays));
    }

    public async Task<ReportResult<TracksReport>> Tracks(ReportRequest request, bool net, string sort)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return ReportResult<TracksReport>.Failed(problem!);
        }

        var mounts = TrackScope.Of(scope);
        var tracks = await reports.TracksAsync(mounts, scope.From, scope.To, net, sort, CancellationToken.None);
        return ReportResult<TracksReport>.Of(new TracksReport(scope.Header, net ? "net" : "gross", sort, tracks));
    }
}
