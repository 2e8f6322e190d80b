using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Shows;

/// <summary>What every report does with <c>daypart=</c> before it counts: the range must be one the
/// raw sessions serve (at most <see cref="IShowReportGrain.MaxDays"/> days, inside the calendar), the
/// scope a station or a mount of one (dayparts belong to a station), and the daypart one of the
/// station's; then its local hours over the range are the report's windows.</summary>
public sealed class DaypartResolver(IGrainFactory grains)
{
    /// <summary>The range checks, made before the scope is resolved (a problem, or null).</summary>
    public static ReportProblem? CheckRange(ReportRequest request)
    {
        if (request.To.DayNumber - request.From.DayNumber + 1 > IShowReportGrain.MaxDays)
        {
            return Invalid($"shows and dayparts are computed from the raw sessions: a range is at most {IShowReportGrain.MaxDays} days", request.SingleDate ? "date" : "to");
        }

        // episodes and the week before are looked up around the range: keep that inside the calendar
        return request.From.Year < 2 || request.To.Year > 9998
            ? Invalid("shows and dayparts cover dates from 0002-01-01 to 9998-12-31", request.From.Year < 2 ? "from" : "to")
            : null;
    }

    /// <summary>The station's schedule and the daypart asked for (null when <paramref name="daypart"/> is empty), or the problem.</summary>
    public async Task<(StationSchedule? Schedule, Daypart? Daypart, ReportProblem? Problem)> ResolveAsync(ReportScope scope, string? daypart)
    {
        if (scope.Scope.Kind is not (Scope.StationKind or Scope.MountKind) || scope.Header.Station is not { Length: > 0 } station)
        {
            return (null, null, Invalid("shows and dayparts belong to a station: give station= (or server= and mount= of a station's mount)", "station"));
        }

        var schedule = await grains.GetGrain<IStationScheduleGrain>(station).Schedule();
        if (daypart is not { Length: > 0 })
        {
            return (schedule, null, null);
        }

        var part = schedule.Dayparts.FirstOrDefault(d => d.Id == daypart);
        return part is null
            ? (null, null, Invalid($"station '{station}' has no daypart '{daypart}' (it has {string.Join(", ", schedule.Dayparts.Select(d => d.Id))})", "daypart"))
            : (schedule, part, null);
    }

    /// <summary>The daypart's local hours over the scope's range, ordered and disjoint, in Unix seconds.</summary>
    public static List<(long From, long To)> Windows(ReportScope scope, Daypart daypart) =>
        [.. ScheduleExpander.Windows(daypart, scope.Zone, DateTimeOffset.FromUnixTimeSeconds(scope.FirstDay.Start), DateTimeOffset.FromUnixTimeSeconds(scope.LastDay.End))
            .Select(w => (w.Start.ToUnixTimeSeconds(), w.End.ToUnixTimeSeconds()))];

    /// <summary>As <see cref="Windows"/>, cut at each local midnight: the windows of the daypart's
    /// daily report, whose total the summary's metrics equal (AQH's quarter hours restart at midnight).</summary>
    public static List<(long From, long To)> DayWindows(ReportScope scope, Daypart daypart) => [.. ByDate(scope, daypart).SelectMany(d => d.Windows)];

    /// <summary>Each local day of the range with the daypart's hours in it (none on a day it does not cover).</summary>
    public static List<(DateOnly Date, List<(long From, long To)> Windows)> ByDate(ReportScope scope, Daypart daypart) =>
        [.. scope.Dates.Select(date =>
        {
            var day = DayWindow.For(date, scope.Zone);
            return (date, ScheduleExpander.Windows(daypart, scope.Zone, DateTimeOffset.FromUnixTimeSeconds(day.Start), DateTimeOffset.FromUnixTimeSeconds(day.End))
                .Select(w => (w.Start.ToUnixTimeSeconds(), w.End.ToUnixTimeSeconds())).ToList());
        })];

    /// <summary>Resolves a report's scope and its daypart's windows: the windows are null when no
    /// daypart is asked for, and the scope null with the problem when the request cannot be answered.</summary>
    public async Task<(ReportScope? Scope, List<(long From, long To)>? Windows, ReportProblem? Problem)> ScopeAndWindowsAsync(
        ScopeResolver resolver, ReportRequest request, string? daypart)
    {
        if (daypart is { Length: > 0 } && CheckRange(request) is { } rangeProblem)
        {
            return (null, null, rangeProblem);
        }

        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null || daypart is not { Length: > 0 })
        {
            return (scope, null, problem);
        }

        var (_, part, partProblem) = await ResolveAsync(scope, daypart);
        return part is null ? (null, null, partProblem) : (scope, Windows(scope, part), null);
    }

    private static ReportProblem Invalid(string detail, string parameter) =>
        new(ReportProblemKind.Invalid, "The report parameters are not valid", detail, parameter);
}
