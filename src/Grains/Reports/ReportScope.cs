using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>A report request once its scope is resolved: the aggregate scope, the station's zone
/// and the header every report starts with.</summary>
public sealed record class ReportScope(Scope Scope, TimeZoneInfo Zone, ReportHeader Header, bool SingleDate)
{
    /// <summary>The mounts whose sessions make up the scope now (what its raw sessions are read by).</summary>
    public ScopeMembers Members { get; init; } = ScopeMembers.None;

    public DateOnly From => Header.From;

    public DateOnly To => Header.To;

    public DayWindow FirstDay => DayWindow.For(From, Zone);

    public DayWindow LastDay => DayWindow.For(To, Zone);

    public IEnumerable<DateOnly> Dates
    {
        get
        {
            for (var d = From; d <= To; d = d.AddDays(1))
            {
                yield return d;
            }
        }
    }
}
