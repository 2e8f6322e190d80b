namespace Asteroid.Alerts;

/// <summary>One fired (or resolved, or test) alert of a rule: what the history lists and what every
/// delivery carries. <see cref="Subject"/> names what the rule found (a mount <c>server/mount</c>, a
/// server, or the scope itself).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.alerts.event")]
public sealed record class AlertEvent(
    [property: Id(0)] long Id,
    [property: Id(1)] string RuleId,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Scope,
    [property: Id(4)] string Subject,
    [property: Id(5)] string? Server,
    [property: Id(6)] string? Mount,
    [property: Id(7)] string State,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] DateTimeOffset? Since,
    [property: Id(10)] string Summary,
    [property: Id(11)] double? Value);

/// <summary>One delivery of one alert to one target, with every attempt made so far.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.alerts.delivery")]
public sealed record class AlertDelivery(
    [property: Id(0)] long Id,
    [property: Id(1)] long EventId,
    [property: Id(2)] string RuleId,
    [property: Id(3)] string Channel,
    [property: Id(4)] string Target,
    [property: Id(5)] string Status,
    [property: Id(6)] int Attempts,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? NextAttemptAt,
    [property: Id(9)] DateTimeOffset? DeliveredAt,
    [property: Id(10)] IReadOnlyList<AlertAttempt> History);

/// <summary>One attempt: when, the HTTP status (or SMTP answer) and the first bytes of the answer or the error.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.alerts.attempt")]
public sealed record class AlertAttempt(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int? StatusCode,
    [property: Id(2)] string? Answer,
    [property: Id(3)] string? Error,
    [property: Id(4)] double Seconds);

public static class AlertDeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
