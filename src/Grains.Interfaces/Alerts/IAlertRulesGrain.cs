namespace Asteroid.Alerts;

/// <summary>The alert rules, their fired history and deliveries (PostgreSQL). A stateless worker
/// (key <see cref="Key"/>) in front of the store, called by the admin API.</summary>
[Alias("asteroid.alerts.rules")]
public interface IAlertRulesGrain : IGrainWithStringKey
{
    public const string Key = "default";

    [Alias("list")]
    Task<IReadOnlyList<AlertRule>> List();

    [Alias("get")]
    Task<AlertRule?> Get(string id);

    /// <summary>Stores the rule; a delivery sent without a secret keeps the stored one of the same
    /// webhook URL. Returns the stored rule and whether it is new.</summary>
    [Alias("put")]
    Task<(AlertRule Rule, bool Created)> Put(AlertRule rule);

    /// <summary>Whether e-mail deliveries can be sent (<c>Smtp:Host</c> is configured).</summary>
    [Alias("can-send-email")]
    Task<bool> CanSendEmail();

    [Alias("delete")]
    Task<bool> Delete(string id);

    /// <summary>Fired alerts, newest first: of one rule, or of every rule when <paramref name="ruleId"/> is null.</summary>
    [Alias("history")]
    Task<IReadOnlyList<AlertEvent>> History(string? ruleId, int limit, long? before);

    /// <summary>The deliveries of a rule's alerts, newest first, with their attempts.</summary>
    [Alias("deliveries")]
    Task<IReadOnlyList<AlertDelivery>> Deliveries(string ruleId, int limit);

    /// <summary>Queues a test alert to every delivery of the rule; null for an unknown rule.</summary>
    [Alias("test")]
    Task<AlertEvent?> Test(string id);
}

/// <summary>Evaluates every rule every <c>Alerts:EvaluateIntervalSeconds</c> (one grain for the
/// network, key <see cref="Key"/>; a keep-alive reminder brings it back after a restart).</summary>
[Alias("asteroid.alerts.evaluator")]
public interface IAlertEvaluatorGrain : IGrainWithStringKey
{
    public const string Key = "network";

    /// <summary>Makes sure the grain runs (idempotent); called at start-up and when a rule changes.</summary>
    [Alias("ensure-running")]
    Task EnsureRunning();

    /// <summary>Evaluates now (tests and after a rule change).</summary>
    [Alias("evaluate-now")]
    Task EvaluateNow();
}
