using Npgsql;

namespace Asteroid.Analytics;

/// <summary>Which mounts' sessions belong to a scope, as the stations and groups are now: every
/// mount (<see cref="All"/>), the mounts listed in <see cref="Mounts"/> (as <c>server + mount</c>),
/// and every mount of the <see cref="Servers"/> except those in <see cref="Excluded"/> (an implicit
/// station is its server's mounts that no explicit station has; a whole server excludes none).</summary>
public sealed record class ScopeMembers(bool All, IReadOnlyList<string> Servers, IReadOnlyList<string> Excluded, IReadOnlyList<string> Mounts)
{
    public static ScopeMembers Everything { get; } = new(true, [], [], []);

    public static ScopeMembers None { get; } = new(false, [], [], []);

    public static ScopeMembers OfServer(string server) => new(false, [server], [], []);

    public static ScopeMembers OfMounts(IEnumerable<string> mounts) => new(false, [], [], [.. mounts]);

    /// <summary>The members as one string, equal for equal member sets listed in the same order (a key for
    /// <see cref="CoalescedLoads{TKey, TValue}"/>; record equality compares the lists by reference).</summary>
    public string Key => All ? "*" : $"{string.Join('\n', Servers)}\t{string.Join('\n', Excluded)}\t{string.Join('\n', Mounts)}";

    public bool Contains(string server, string mount) =>
        All || Mounts.Contains(server + mount) || (Servers.Contains(server) && !Excluded.Contains(server + mount));

    /// <summary>Both sets of members at once.</summary>
    public ScopeMembers Union(ScopeMembers other) => All || other.All
        ? Everything
        : new ScopeMembers(false, [.. Servers.Union(other.Servers)],
            // a mount excluded from one server part but listed in the other stays a member through Mounts
            [.. Excluded.Union(other.Excluded)], [.. Mounts.Union(other.Mounts)]);

    /// <summary>A condition on <c>listener_sessions</c> (columns <c>server_id</c> and <c>mount</c>)
    /// selecting the members' sessions, its parameters added to <paramref name="command"/>.</summary>
    public string Filter(NpgsqlCommand command) => Filter(command, "server_id", "server_id || mount");

    /// <summary>A condition on <c>listener_sessions</c> selecting the members' sessions in a form the
    /// <c>(server_id, mount, started_at)</c> index serves: the members as a list of (server, mount)
    /// pairs — listed mounts as they are, a server's mounts found by a skip scan over that index seeded
    /// per server (one probe per distinct mount that server ever recorded, none into other servers' mounts) — so a time range becomes one index range per mount
    /// instead of every mount's rows in the range filtered afterwards. Same rows as <see cref="Filter(NpgsqlCommand)"/>
    /// on <c>listener_sessions</c> (only there: the skip scan reads that table's mounts).</summary>
    public string SessionFilter(NpgsqlCommand command)
    {
        if (All)
        {
            return "true";
        }

        var parts = new List<string>();
        if (Mounts.Count > 0)
        {
            command.Parameters.AddWithValue("session_mount_servers", Mounts.Select(m => m[..MountStart(m)]).ToArray());
            command.Parameters.AddWithValue("session_mount_names", Mounts.Select(m => m[MountStart(m)..]).ToArray());
            parts.Add("SELECT * FROM unnest(@session_mount_servers, @session_mount_names)");
        }

        if (Servers.Count > 0)
        {
            command.Parameters.AddWithValue("session_servers", Servers.ToArray());
            command.Parameters.AddWithValue("session_excluded", Excluded.ToArray());
            parts.Add("""
                (WITH RECURSIVE known(server_id, mount) AS (
                    SELECT s.server_id, (SELECT l.mount FROM listener_sessions l WHERE l.server_id = s.server_id ORDER BY l.mount LIMIT 1)
                    FROM unnest(@session_servers) AS s(server_id)
                    UNION ALL
                    SELECT known.server_id, (SELECT l.mount FROM listener_sessions l
                        WHERE l.server_id = known.server_id AND l.mount > known.mount ORDER BY l.mount LIMIT 1)
                    FROM known WHERE known.mount IS NOT NULL)
                SELECT server_id, mount FROM known WHERE mount IS NOT NULL AND NOT (server_id || mount = ANY(@session_excluded)))
                """);
        }

        return parts.Count == 0 ? "false" : $"(server_id, mount) IN ({string.Join(" UNION ", parts)})";
    }

    /// <summary>Where the mount path begins in a <c>server + mount</c> key (server ids have no '/').</summary>
    private static int MountStart(string key) => key.IndexOf('/') is var i and >= 0 ? i : key.Length;

    /// <summary>A condition on a table of per-scope rows (column <c>scope</c>) selecting the rows of
    /// the members' mount scopes (<c>mount:{server}{mount}</c>).</summary>
    public string MountScopeFilter(NpgsqlCommand command) =>
        "scope LIKE 'mount:%' AND " + Filter(command, "split_part(substr(scope, 7), '/', 1)", "substr(scope, 7)");

    private string Filter(NpgsqlCommand command, string server, string key)
    {
        if (All)
        {
            return "true";
        }

        command.Parameters.AddWithValue("member_servers", Servers.ToArray());
        command.Parameters.AddWithValue("member_excluded", Excluded.ToArray());
        command.Parameters.AddWithValue("member_mounts", Mounts.ToArray());
        return $"(({server} = ANY(@member_servers) AND NOT ({key} = ANY(@member_excluded))) OR {key} = ANY(@member_mounts))";
    }
}
