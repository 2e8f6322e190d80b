namespace Asteroid.Reports;

/// <summary>One sessions export: streams the rows of <see cref="SessionExportStore"/> to the caller
/// in batches. It holds nothing once the stream ends and is collected two minutes after its last
/// batch (deactivating from inside the stream would drop the enumerator before its last batch).</summary>
[Orleans.Placement.PreferLocalPlacement, CollectionAgeLimit(Minutes = 2), GrainType("session-export")]
public sealed class SessionExportGrain(ScopeResolver resolver, SessionExportStore store) : Grain, ISessionExportGrain
{
    public async IAsyncEnumerable<SessionExportRow> Sessions(ReportRequest request)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            throw new ArgumentException($"{problem!.Title}: {problem.Detail}", nameof(request));
        }

        await foreach (var row in store.ReadAsync(scope))
        {
            yield return row;
        }
    }
}
