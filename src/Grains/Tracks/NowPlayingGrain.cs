using Asteroid.Events;
using Asteroid.Mounts;
using Microsoft.Extensions.Logging;

namespace Asteroid.Tracks;

/// <summary>The plays of one mount (key <c>{server}{mount}</c>): the rules are
/// <see cref="PlayTracker"/>'s; this grain restores the open play from <c>plays</c> on activation,
/// stores every change (a failed write is retried with the next change, the play stays in memory)
/// and puts each new play on the mount stream as a <see cref="TrackChanged"/>.</summary>
[GrainType("now-playing")]
public sealed partial class NowPlayingGrain(PlayStore store, EventPublisher events, ILogger<NowPlayingGrain> logger) : Grain, INowPlayingGrain
{
    private readonly Dictionary<Guid, PlayRecord> _unsaved = [];
    private PlayTracker _tracker = null!;
    private string _server = "";
    private string _mount = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_server, _mount) = MountKey.Parse(this.GetPrimaryKeyString());
        _tracker = new PlayTracker(_server, _mount, Guid.NewGuid);
        try
        {
            var latest = await store.LatestAsync(_server, _mount, cancellationToken);
            var current = latest.Count > 0 && latest[0].EndedAt is null ? latest[0] : null;
            var previous = current is null ? (latest.Count > 0 ? latest[0] : null) : (latest.Count > 1 ? latest[1] : null);
            _tracker.Restore(current, previous);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogRestoreFailed(ex, _server, _mount); // the next poll starts a play of unknown start
        }
    }

    public async Task ObservePoll(PolledTrack? track, DateTimeOffset at, TimeSpan pollInterval) =>
        await ApplyAsync(_tracker.OnPoll(track, at, pollInterval), at);

    public async Task<PlayRecord> Push(TrackPush push, DateTimeOffset receivedAt, TimeSpan pollInterval)
    {
        await ApplyAsync(_tracker.OnPush(push, receivedAt, pollInterval), receivedAt);
        return _tracker.Current!;
    }

    public Task<PlayRecord?> GetCurrent() => Task.FromResult(_tracker.Current);

    private async Task ApplyAsync(PlayChanges changes, DateTimeOffset at)
    {
        foreach (var play in changes.Saved)
        {
            _unsaved[play.PlayId] = play;
        }

        if (_unsaved.Count > 0)
        {
            try
            {
                await store.SaveAsync([.. _unsaved.Values], CancellationToken.None);
                _unsaved.Clear();
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                LogSaveFailed(ex, _server, _mount, _unsaved.Count);
                if (_unsaved.Count > 100)
                {
                    // PostgreSQL is gone for long: keep the newest plays, the oldest are lost.
                    foreach (var old in _unsaved.Values.OrderBy(p => p.StartedAt).Take(_unsaved.Count - 100).ToList())
                    {
                        _unsaved.Remove(old.PlayId);
                    }
                }
            }
        }

        if (changes.Started is { } started)
        {
            events.Publish(new TrackChanged(_server, _mount, at, started.Artist, started.Title, started.StartedAt, started.Source));
        }
    }

    [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "Plays of {Server}{Mount}: the open play could not be read; the next poll starts a new one")]
    private partial void LogRestoreFailed(Exception exception, string server, string mount);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Plays of {Server}{Mount}: {Count} plays could not be stored; retried with the next change")]
    private partial void LogSaveFailed(Exception exception, string server, string mount, int count);
}
