using Npgsql;

namespace Asteroid.Analytics;

/// <summary>The SQL vocabulary of <c>listener_sessions</c> shared by the stores that read it: the
/// one filter that selects a scope's sessions, and the one list of its columns (in the order the
/// export writes them).</summary>
public static class SessionSql
{
    /// <summary>Columns of a session row, as the export names them and as SQL selects them.</summary>
    public static readonly IReadOnlyList<(string Name, string Column)> Columns =
    [
        ("sessionId", "session_id"), ("server", "server_id"), ("mount", "mount"), ("station", "station_id"),
        ("startedAt", "started_at"), ("endedAt", "ended_at"), ("durationSeconds", "duration_seconds"), ("endPrecisionSeconds", "end_precision_seconds"),
        ("listenerKey", "listener_key"), ("countryCode", "country_code"), ("region", "region"), ("city", "city"),
        ("latitude", "latitude"), ("longitude", "longitude"), ("player", "player"), ("os", "os"), ("device", "device"),
        ("isBot", "is_bot"), ("bytesSent", "bytes_sent"), ("source", "source"),
    ];

    /// <summary>The SQL list of the given columns of <see cref="Columns"/>.</summary>
    public static string Select(params string[] names) =>
        string.Join(", ", names.Select(n => Columns.Single(c => c.Name == n).Column));

    /// <summary>A condition selecting the sessions of <paramref name="scope"/>, with its parameter
    /// <c>@scope_id</c> added to <paramref name="command"/>.</summary>
    public static string ScopeFilter(Scope scope, NpgsqlCommand command)
    {
        command.Parameters.AddWithValue("scope_id", scope.Id);
        return scope.Kind == Scope.StationKind ? "station_id = @scope_id" : "server_id || mount = @scope_id";
    }
}
