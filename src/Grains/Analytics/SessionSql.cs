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

    /// <summary>A condition selecting the sessions that start in one of <paramref name="windows"/>
    /// (Unix seconds, a daypart's hours): the windows become one multirange, built once per query, so
    /// each row is one containment test whatever the number of windows.</summary>
    public static string StartsIn(NpgsqlCommand command, IReadOnlyList<(long From, long To)> windows)
    {
        command.Parameters.AddWithValue("windows_from", windows.Select(w => DateTimeOffset.FromUnixTimeSeconds(w.From).UtcDateTime).ToArray());
        command.Parameters.AddWithValue("windows_to", windows.Select(w => DateTimeOffset.FromUnixTimeSeconds(w.To).UtcDateTime).ToArray());
        return "started_at <@ (SELECT range_agg(tstzrange(w.f, w.t)) FROM unnest(@windows_from::timestamptz[], @windows_to::timestamptz[]) AS w(f, t))";
    }

    /// <summary>Sessions longer than a day are rare (relays, a player left on) and found through their
    /// own small partial index (<c>listener_sessions_long</c>, migration 0020); every other session
    /// that overlaps a period started at most <see cref="LookBackSeconds"/> before it, so a day's load
    /// reads about two days of its mounts' sessions.</summary>
    public const int LongSessionSeconds = 86400;

    /// <summary>How far before a period its shorter overlapping sessions are looked for: an hour more
    /// than <see cref="LongSessionSeconds"/>, so a stored duration rounded by a second cannot fall
    /// between the two branches.</summary>
    public const int LookBackSeconds = LongSessionSeconds + 3600;

    /// <summary>A query of <paramref name="columns"/> of the <c>listener_sessions</c> rows matching
    /// <paramref name="where"/> that overlap [<paramref name="from"/>, <paramref name="to"/>) — and, with
    /// <paramref name="orStartIn"/>, those that start in it (a zero-length session at <paramref name="from"/>,
    /// as the day loads count) — exactly, whatever their length, in a form the indexes serve: the
    /// start range of the period plus <see cref="LookBackSeconds"/>, then the long sessions from their
    /// partial index (a union, not an OR: PostgreSQL would read an OR through the start index alone).
    /// Ordered reads (export, pages) keep their plain start range instead.</summary>
    public static string Overlapping(NpgsqlCommand command, string columns, string where, DateTimeOffset from, DateTimeOffset to, bool orStartIn = false)
    {
        command.Parameters.AddWithValue("overlap_from", from.UtcDateTime);
        command.Parameters.AddWithValue("overlap_to", to.UtcDateTime);
        command.Parameters.AddWithValue("overlap_earliest", from.AddSeconds(-LookBackSeconds).UtcDateTime);
        var ends = orStartIn ? "(ended_at > @overlap_from OR started_at >= @overlap_from)" : "ended_at > @overlap_from";
        return $"""
            SELECT {columns} FROM listener_sessions
            WHERE {where} AND started_at >= @overlap_earliest AND started_at < @overlap_to AND {ends}
            UNION ALL
            SELECT {columns} FROM listener_sessions
            WHERE {where} AND duration_seconds > {LongSessionSeconds} AND ended_at > @overlap_from AND started_at < @overlap_earliest
            """;
    }
}
