namespace Asteroid.Alerts;

/// <summary>One alert rule (<c>/api/asteroid/admin/alerts/{id}</c>, docs/alerts.md). <see cref="Kind"/> is one
/// of <see cref="AlertKinds"/>; <see cref="Scope"/> null is the network. Secrets of webhook deliveries are
/// part of the stored rule and never leave the service in an answer.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.alerts.rule")]
public sealed record class AlertRule(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] AlertScope? Scope,
    [property: Id(3)] int ForSeconds,
    [property: Id(4)] double? Percent,
    [property: Id(5)] double? Threshold,
    [property: Id(6)] int QuietMinutes,
    [property: Id(7)] IReadOnlyList<AlertDeliveryTarget> Deliveries,
    [property: Id(8)] string? Direction = null,
    [property: Id(9)] double? MinimumBaseline = null,
    [property: Id(10)] bool Enabled = true,
    [property: Id(11)] DateTimeOffset UpdatedAt = default);

/// <summary>What a rule watches: a station, a group, a server (all its mounts) or one mount of a
/// server (<see cref="Server"/> + <see cref="Mount"/>); the rule's scope null is the network.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.alerts.scope")]
public sealed record class AlertScope(
    [property: Id(0)] string? Station = null,
    [property: Id(1)] string? Group = null,
    [property: Id(2)] string? Server = null,
    [property: Id(3)] string? Mount = null)
{
    public override string ToString() =>
        Station is not null ? $"station:{Station}"
        : Group is not null ? $"group:{Group}"
        : Server is not null && Mount is not null ? $"mount:{Server}{Mount}"
        : Server is not null ? $"server:{Server}"
        : "network:all";
}

/// <summary>Where a rule's alerts go: a webhook (<see cref="Webhook"/>, signed with <see cref="Secret"/>,
/// body shaped by <see cref="Preset"/>) or e-mail to <see cref="Email"/>.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.alerts.delivery-target")]
public sealed record class AlertDeliveryTarget(
    [property: Id(0)] Uri? Webhook = null,
    [property: Id(1)] string? Secret = null,
    [property: Id(2)] string? Preset = null,
    [property: Id(3)] IReadOnlyList<string>? Email = null);

public static class AlertKinds
{
    public const string MountOffline = "mount-offline";
    public const string CollectionFailing = "collection-failing";
    public const string AudienceDrop = "audience-drop";
    public const string Threshold = "threshold";
    public const string SharedAddress = "shared-address";

    public static readonly IReadOnlyList<string> All = [MountOffline, CollectionFailing, AudienceDrop, Threshold, SharedAddress];
}

public static class AlertPresets
{
    public const string Json = "json";
    public const string Slack = "slack";
    public const string Discord = "discord";
    public const string Teams = "teams";

    public static readonly IReadOnlyList<string> All = [Json, Slack, Discord, Teams];
}

/// <summary>The states a fired alert reports: <c>firing</c> (the condition held for forSeconds),
/// <c>resolved</c> (it stopped holding: a mount back, polling ok again), <c>test</c> (the send-test action).</summary>
public static class AlertStates
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";
    public const string Test = "test";
}
