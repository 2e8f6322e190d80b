using System.ComponentModel.DataAnnotations;

namespace Asteroid.Icecast;

/// <summary>Configuration section <c>Icecast</c>.</summary>
public sealed class IcecastOptions
{
    public const string Section = "Icecast";

    /// <summary>Servers to create at start-up (<c>Icecast:Servers:0:id</c>, …). Servers added or changed
    /// through the admin API are kept in grain state.</summary>
    public List<IcecastServerOptions> Servers { get; set; } = [];

    /// <summary>Timeout of one admin request.</summary>
    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 5;

    /// <summary>Largest admin answer read; a larger one sets the status <c>oversized</c>
    /// (listclients is about 140 bytes per listener: 32 MiB is over 200,000 listeners).</summary>
    [Range(1024, 1L << 30)]
    public long MaxResponseBytes { get; set; } = 32L << 20;
}

public sealed class IcecastServerOptions
{
    [Required, RegularExpression(ServerIds.Pattern, ErrorMessage = ServerIds.Rule)]
    public string Id { get; set; } = "";

    [Required]
    public Uri? BaseUrl { get; set; }

    public string AdminUser { get; set; } = "admin";

    public string AdminPassword { get; set; } = "";

    [Range(1, 3600)]
    public int PollIntervalSeconds { get; set; } = Servers.IcecastServerSettings.DefaultPollIntervalSeconds;

    public bool Enabled { get; set; } = true;
}
