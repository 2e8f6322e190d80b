namespace Asteroid.Reports;

/// <summary>One sessions export: streams the rows of <see cref="SessionExportStore"/> to the caller
/// in batches and deactivates when the stream ends.</summary>
[Orleans.Placement.PreferLocalPlacement, GrainType("session-export")]
public sealed class SessionExportGrain(ScopeResolver resolver, SessionExportStore store) : Grain, ISessionExportGrain
{
    public async IAsyncEnumerable<SessionExportRow> Sessions(ReportRequest request)
    {
        try
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
        finally
        {
            DeactivateOnIdle();
        }
    }
}
