using System.ComponentModel.DataAnnotations;

namespace Asteroid.Alerts;

/// <summary>Configuration section <c>Alerts</c> (docs/alerts.md).</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>How often the rules are evaluated against the mounts' live state.</summary>
    [Range(1, 3600)]
    public int EvaluateIntervalSeconds { get; set; } = 10;

    /// <summary>How often each silo looks for deliveries that are due.</summary>
    [Range(0.1, 600)]
    public double DeliveryPollSeconds { get; set; } = 2;

    /// <summary>The wait after a first failed attempt; it doubles with each further failure up to
    /// <see cref="RetryMaxDelaySeconds"/>.</summary>
    [Range(0.1, 86400)]
    public double RetryBaseSeconds { get; set; } = 30;

    [Range(1, 86400)]
    public double RetryMaxDelaySeconds { get; set; } = 3600;

    /// <summary>A delivery not accepted within this many hours of its alert is given up (failed).</summary>
    [Range(0.01, 168)]
    public double RetryForHours { get; set; } = 24;

    /// <summary>Fired alerts (with their deliveries and attempts) older than this are deleted, once a day.</summary>
    [Range(1, 3650)]
    public int HistoryDays { get; set; } = 365;

    /// <summary>Timeout of one webhook request or SMTP send.</summary>
    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 10;
}
