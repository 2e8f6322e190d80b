using Asteroid.Analytics;
using Asteroid.Reports;
using Asteroid.Stations;

namespace Asteroid.Rebuilds;

/// <summary>Asks for the history of a scope to be rebuilt after a regrouping (a mount added to or
/// taken from a station, a station to or from a group, a zone changed), and tells how far each
/// rebuild is (read from <c>scope_rebuilds</c> at most every two seconds per silo, so a report pays
/// nothing for it). The work is the <see cref="RebuildService"/>'s.</summary>
public sealed class ScopeRebuilds(RebuildStore store, StationResolver stations, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private (Dictionary<Scope, RebuildProgress> Jobs, DateTimeOffset At) _progress = ([], DateTimeOffset.MinValue);

    /// <summary>Rebuild every day of the scope from the earliest one its members' mounts (or the
    /// scope itself) have a row for, to today in the scope's zone.</summary>
    public async Task RequestAsync(Scope scope, CancellationToken ct = default)
    {
        await stations.RefreshAsync();
        var members = await stations.MembersAsync(scope);
        var zone = await stations.ZoneOfAsync(scope);
        var today = DayWindow.DateOf(time.GetUtcNow().ToUnixTimeSeconds(), zone);
        var earliest = await store.EarliestDayAsync(scope, members, ct);
        // A day either side: mount rows were counted in their station's zone, which may be another.
        await store.RequestAsync(scope, (earliest ?? today).AddDays(-1), today, ct);
        _progress = _progress with { At = DateTimeOffset.MinValue };
    }

    public Task CancelAsync(Scope scope, CancellationToken ct = default) => store.CancelAsync(scope, ct);

    /// <summary>Days done and in all of the scope's rebuild; null when none is under way.</summary>
    public async ValueTask<RebuildProgress?> ProgressAsync(Scope scope, CancellationToken ct = default)
    {
        var progress = _progress;
        if (time.GetUtcNow() - progress.At >= Refresh)
        {
            await _loading.WaitAsync(ct);
            try
            {
                if (time.GetUtcNow() - _progress.At >= Refresh)
                {
                    try
                    {
                        _progress = ((await store.ListAsync(ct)).ToDictionary(j => j.Scope, j => j.Progress), time.GetUtcNow());
                    }
                    catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
                    {
                        _progress = _progress with { At = time.GetUtcNow() }; // PostgreSQL is away: what was known, asked again later
                    }
                }

                progress = _progress;
            }
            finally
            {
                _loading.Release();
            }
        }

        return progress.Jobs.GetValueOrDefault(scope);
    }

    public void Dispose() => _loading.Dispose();
}
