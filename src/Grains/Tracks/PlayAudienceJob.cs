using Asteroid.Analytics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Tracks;

/// <summary>Computes the audience of plays from the raw sessions: on demand for plays whose
/// audience is not stored yet (<see cref="FillAsync"/>), and, every
/// <see cref="TrackOptions.FinalizeIntervalSeconds"/>, once for good for plays that ended
/// <see cref="TrackOptions.FinalizeAfterSeconds"/> ago — net and gross with their listener sets, so a play's audience
/// outlives the raw sessions. Runs on every silo; two silos storing the same play store the same
/// numbers.</summary>
public sealed partial class PlayAudienceJob(
    PlayStore store, IOptions<TrackOptions> options, IOptions<Retention.RetentionOptions> retention, TimeProvider time, ILogger<PlayAudienceJob> logger)
    : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.FinalizeIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (await FinalizeDueAsync(stoppingToken) is { Looked: Batch, Stored: > 0 })
                    {
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stores the audience of the ended plays that are due; returns how many were looked
    /// at and how many stored. A listener still connected counts as listening past the play's end
    /// (whenever the session ends, that stays true); only a play with a connection younger than 60 s
    /// (net cannot tell yet whether it qualifies) waits.</summary>
    public async Task<(int Looked, int Stored)> FinalizeDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await store.PendingAudienceAsync(now.AddSeconds(-options.Value.FinalizeAfterSeconds), Batch, ct);
        var stored = 0;
        // Beyond raw retention the sessions are gone: such a play's audience is unknown, not zero.
        var retained = now.AddDays(-retention.Value.RawDays);
        foreach (var old in due.Where(p => p.StartedAt < retained))
        {
            await store.MarkAudienceUnknownAsync(old, ct);
        }

        foreach (var mount in due.Where(p => p.StartedAt >= retained).GroupBy(p => (p.Server, p.Mount)))
        {
            var from = mount.Min(p => p.StartedAt);
            var to = mount.Max(p => p.EndedAt!.Value);
            var (sessions, _) = await store.SessionsAsync(mount.Key.Server, mount.Key.Mount, from, to, now, ct);
            var undecided = now.AddSeconds(-Analytics.SessionFact.QualifyingSeconds).ToUnixTimeMilliseconds();
            foreach (var play in mount)
            {
                var start = play.StartedAt.ToUnixTimeMilliseconds();
                var end = play.EndedAt!.Value.ToUnixTimeMilliseconds();
                if (sessions.Any(s => s.End is null && s.Start < end && s.Start > undecided))
                {
                    continue; // a listener of this play connected less than 60 s ago: net cannot tell yet
                }

                await store.StoreAudienceAsync(play, PlayAudienceRule.Compute(start, end, sessions, net: true),
                    PlayAudienceRule.Compute(start, end, sessions, net: false), ct);
                stored++;
            }
        }

        return (due.Count, stored);
    }

    /// <summary>The plays with their audience: stored ones as stored, the others computed now from
    /// the raw sessions (an open play up to now); null for a play older than the raw retention.</summary>
    public async Task<IReadOnlyList<StoredPlay>> FillAsync(IReadOnlyList<StoredPlay> plays, bool net, CancellationToken ct)
    {
        // Beyond raw retention the sessions are gone: a play without a stored audience has none.
        var retained = time.GetUtcNow().AddDays(-retention.Value.RawDays);
        var missing = plays.Where(p => p.Audience is null && p.Play.StartedAt >= retained).ToList();
        if (missing.Count == 0)
        {
            return plays;
        }

        var now = time.GetUtcNow();
        var filled = new Dictionary<Guid, StoredPlay>();
        foreach (var mount in missing.GroupBy(p => (p.Play.Server, p.Play.Mount)))
        {
            var from = mount.Min(p => p.Play.StartedAt);
            var to = mount.Max(p => p.Play.EndedAt ?? now);
            var (sessions, _) = await store.SessionsAsync(mount.Key.Server, mount.Key.Mount, from, to, now, ct);
            foreach (var p in mount)
            {
                var end = p.Play.EndedAt ?? now;
                var (audience, listeners) = PlayAudienceRule.Compute(p.Play.StartedAt.ToUnixTimeMilliseconds(), Math.Max(end.ToUnixTimeMilliseconds(), p.Play.StartedAt.ToUnixTimeMilliseconds()), sessions, net);
                filled[p.Play.PlayId] = p with { Audience = audience, Listeners = listeners };
            }
        }

        return [.. plays.Select(p => filled.GetValueOrDefault(p.Play.PlayId, p))];
    }

    [LoggerMessage(EventId = 3410, Level = LogLevel.Warning, Message = "Storing the audience of ended plays failed; it is tried again at the next interval")]
    private partial void LogFailed(Exception exception);
}
