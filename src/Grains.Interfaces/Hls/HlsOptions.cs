namespace Asteroid.Hls;

/// <summary>Configuration section <c>Hls</c>: HAProxy runtime APIs read for live HLS counts
/// (docs/metrics.md). Each source is a pseudo-server id (its streams appear as its mounts in
/// <c>/stats/current</c> and the live push) with one stats socket and, per stream, the stick table
/// (or the backend) that tracks its clients.</summary>
public sealed class HlsOptions
{
    public const string Section = "Hls";

    public List<HlsSourceOptions> Sources { get; set; } = [];
}

public sealed class HlsSourceOptions
{
    /// <summary>The id its streams are shown under (the rules of a server id; not an Icecast server's id).</summary>
    public string Id { get; set; } = "";

    /// <summary>A unix socket path (<c>/run/haproxy/admin.sock</c>) or <c>127.0.0.1:PORT</c>.</summary>
    public string Socket { get; set; } = "";

    public int PollIntervalSeconds { get; set; } = 5;

    public int TimeoutSeconds { get; set; } = 3;

    public List<HlsStreamOptions> Streams { get; set; } = [];
}

public sealed class HlsStreamOptions
{
    /// <summary>The stream's path as the access-log import names it (<c>/hls/live</c>).</summary>
    public string Mount { get; set; } = "";

    /// <summary>The stick table tracking its clients (<c>show table</c>); or</summary>
    public string? Table { get; set; }

    /// <summary>the backend whose current sessions are counted (<c>show stat</c>).</summary>
    public string? Backend { get; set; }
}
