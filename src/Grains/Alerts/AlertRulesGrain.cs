using Microsoft.Extensions.Options;

namespace Asteroid.Alerts;

/// <summary>The admin API's way to the alert tables (<see cref="AlertStore"/>): a stateless worker, so
/// each silo answers from its own activation.</summary>
[StatelessWorker, Reentrant, GrainType("alert-rules")]
public sealed class AlertRulesGrain(AlertStore store, TimeProvider time, IOptions<SmtpOptions> smtp) : Grain, IAlertRulesGrain
{
    public Task<IReadOnlyList<AlertRule>> List() => store.ListRulesAsync();

    public Task<AlertRule?> Get(string id) => store.GetRuleAsync(id);

    public async Task<(AlertRule Rule, bool Created)> Put(AlertRule rule)
    {
        var existing = await store.GetRuleAsync(rule.Id);
        // A webhook sent without its secret keeps the stored secret of the same URL (secrets are
        // write-only); an empty secret removes it.
        var deliveries = rule.Deliveries.Select(d => d.Webhook is { } url && d.Secret is null
            && existing?.Deliveries.FirstOrDefault(e => e.Webhook == url) is { Secret: { } kept }
                ? d with { Secret = kept }
                : d.Secret == "" ? d with { Secret = null } : d).ToList();
        var stored = rule with { Deliveries = deliveries, UpdatedAt = time.GetUtcNow() };
        var created = await store.PutRuleAsync(stored);
        await GrainFactory.GetGrain<IAlertEvaluatorGrain>(IAlertEvaluatorGrain.Key).EnsureRunning();
        return (stored, created);
    }

    public Task<bool> CanSendEmail() => Task.FromResult(smtp.Value.IsConfigured);

    public Task<bool> Delete(string id) => store.DeleteRuleAsync(id);

    public Task<IReadOnlyList<AlertEvent>> History(string? ruleId, int limit, long? before) => store.HistoryAsync(ruleId, limit, before);

    public Task<IReadOnlyList<AlertDelivery>> Deliveries(string ruleId, int limit) => store.DeliveriesAsync(ruleId, limit);

    public async Task<AlertEvent?> Test(string id)
    {
        if (await store.GetRuleAsync(id) is not { } rule)
        {
            return null;
        }

        var scope = rule.Scope?.ToString() ?? "network:all";
        var alert = new AlertEvent(0, rule.Id, rule.Kind, scope, scope, rule.Scope?.Server, rule.Scope?.Mount, AlertStates.Test, time.GetUtcNow(), null,
            $"Test of the {rule.Kind} rule {rule.Id} on {scope}: deliveries work.", null);
        return await store.RecordTestAsync(rule, alert);
    }
}
