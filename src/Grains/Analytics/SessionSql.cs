using Npgsql;

namespace Asteroid.Analytics;

/// <summary>The SQL vocabulary of <c>listener_sessions</c> shared by the stores that read it: the
/// one filter that selects a scope's sessions, and the one list of its columns (in the order the
/// export writes them).</summary>
public static class SessionSql
{
    /// <summary>Columns of a session row, as the export names them (<see cref="Reports.SessionExportRow.Columns"/>)
    /// and as SQL selects them.</summary>
    public static readonly IReadOnlyList<(string Name, string Column)> Columns = [.. Reports.SessionExportRow.Columns.Zip(
    [
        "session_id", "server_id", "mount", "station_id", "started_at", "ended_at", "duration_seconds", "end_precision_seconds", "listener_key",
        "country_code", "region", "city", "latitude", "longitude", "player", "os", "device", "is_bot", "bytes_sent", "source",
    ])];

    /// <summary>The SQL list of the given columns of <see cref="Columns"/>.</summary>
    public static string Select(params string[] names) =>
        string.Join(", ", names.Select(n => Columns.Single(c => c.Name == n).Column));

    /// <summary>A condition selecting the sessions of a scope's members (the mounts it has now,
    /// not the station a session was recorded with: regrouping applies to history), with its
    /// parameters added to <paramref name="command"/>.</summary>
    public static string ScopeFilter(ScopeMembers members, NpgsqlCommand command) => members.Filter(command);
}
