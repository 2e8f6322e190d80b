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
