using System.Security.Cryptography;
using System.Text;
using Asteroid.Tracks;
using Microsoft.Extensions.Logging;

namespace Asteroid.Import;

/// <summary>The answer of a playlist.log import, in the shape of the access-log import's:
/// <see cref="Rejected"/> holds the first 100 lines that were not playlist lines, by number and reason.</summary>
public sealed record class PlaylistImportResult(long LinesRead, long PlaysImported, long Duplicates, long Skipped, IReadOnlyList<RejectedLine> Rejected, long RejectedLines = 0);

/// <summary>An import stopped part way: <see cref="Partial"/> says what was read and committed before.</summary>
public sealed class PlaylistImportInterruptedException(PlaylistImportResult partial, Exception inner)
    : Exception($"The import stopped after {partial.LinesRead} lines; {partial.PlaysImported} plays were committed before: {inner.Message}", inner)
{
    public PlaylistImportResult Partial { get; } = partial;
}

/// <summary>Streams a <c>playlist.log</c> (any size, flat memory: one batch and one pending line
/// per mount) into <c>plays</c> with source <c>import</c>. Each line starts a play on its mount,
/// which the mount's next line ends; the last play of each mount stays open (a later import or the
/// polls end it). A repeated line (same metadata as the play before on that mount) continues that
/// play. Plays are keyed by mount and start, so importing a log twice adds nothing; a line earlier
/// than the previous one of its mount is rejected.</summary>
public sealed partial class PlaylistLogImporter(PlayStore store, ImportOutcomeStore outcomes, ILogger<PlaylistLogImporter> logger)
{
    private const int BatchSize = 2000;
    private const int MaxRejections = 100;
    private const int MaxMounts = 10_000;

    public async Task<PlaylistImportResult> ImportAsync(string server, TextReader log, TimeSpan? offset, CancellationToken ct)
    {
        var pending = new Dictionary<string, PlaylistLogLine>(StringComparer.Ordinal);
        var batch = new List<PlayRecord>(BatchSize);
        var rejected = new List<RejectedLine>();
        long lines = 0, imported = 0, duplicates = 0, skipped = 0, rejectedCount = 0;
        var now = DateTimeOffset.UtcNow;
        var reader = new BoundedLineReader(log, Icecast.InputLimits.MaxLogLineLength);

        void Reject(string reason)
        {
            rejectedCount++;
            if (rejected.Count < MaxRejections)
            {
                rejected.Add(new RejectedLine(lines, reason));
            }
        }

        try
        {
            while (true)
            {
                var (line, tooLong) = await reader.ReadLineAsync(ct);
                if (line is null)
                {
                    break;
                }

                lines++;
                if (tooLong)
                {
                    Reject($"longer than {reader.MaxLength} characters");
                    continue;
                }

                if (line.Length == 0)
                {
                    skipped++;
                    continue;
                }

                switch (PlaylistLogParser.Parse(line, offset, now, out var play, out var reason))
                {
                    case PlaylistLogParser.Outcome.Skipped:
                        skipped++;
                        continue;
                    case PlaylistLogParser.Outcome.Invalid:
                        Reject(reason!);
                        continue;
                }

                if (pending.TryGetValue(play!.Mount, out var previous))
                {
                    if (play.At < previous.At)
                    {
                        Reject("earlier than the line before it on the same mount");
                        continue;
                    }

                    if (TrackNames.Key(play.Artist, play.Title) == TrackNames.Key(previous.Artist, previous.Title))
                    {
                        skipped++; // the same metadata again: the play goes on
                        continue;
                    }

                    batch.Add(ToPlay(server, previous, play.At));
                }
                else if (pending.Count >= MaxMounts)
                {
                    Reject($"more than {MaxMounts} mounts in one log");
                    continue;
                }

                pending[play.Mount] = play;
                if (batch.Count >= BatchSize)
                {
                    (imported, duplicates) = await FlushAsync(batch, imported, duplicates, ct);
                }
            }

            batch.AddRange(pending.Values.Select(p => ToPlay(server, p, null)));
            (imported, duplicates) = await FlushAsync(batch, imported, duplicates, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogInterrupted(ex, server, lines, imported);
            throw new PlaylistImportInterruptedException(new PlaylistImportResult(lines, imported, duplicates, skipped, rejected, rejectedCount), ex);
        }

        LogFinished(server, lines, imported, duplicates, skipped, rejectedCount);
        await outcomes.RecordAsync(new ImportOutcome(server, ImportOutcomeStore.PlaylistLog, lines, rejectedCount, DateTimeOffset.UtcNow), ct);
        return new PlaylistImportResult(lines, imported, duplicates, skipped, rejected, rejectedCount);
    }

    private async Task<(long, long)> FlushAsync(List<PlayRecord> batch, long imported, long duplicates, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return (imported, duplicates);
        }

        // One row per (mount, start) per statement: a log whose lines repeat a time for one mount keeps the first.
        var unique = batch.GroupBy(p => (p.Mount, p.StartedAt)).Select(g => g.First()).ToList();
        var (inserted, known) = await store.ImportAsync(unique, ct);
        var result = (imported + inserted, duplicates + known + batch.Count - unique.Count);
        batch.Clear();
        return result;
    }

    private static PlayRecord ToPlay(string server, PlaylistLogLine line, DateTimeOffset? end) => new(
        PlayId(server, line.Mount, line.At), server, line.Mount, line.At, end, 1, end is null ? null : 1, line.Artist, line.Title,
        null, null, null, null, PlaySources.Import);

    /// <summary>The same play of the same log gets the same id.</summary>
    private static Guid PlayId(string server, string mount, DateTimeOffset start) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"import\n{server}\n{mount}\n{start.UtcTicks}")).AsSpan(0, 16));

    [LoggerMessage(EventId = 3420, Level = LogLevel.Information, Message = "Playlist import for {Server} done: {Lines} lines, {Imported} plays imported, {Duplicates} duplicates, {Skipped} skipped, {Rejected} rejected")]
    private partial void LogFinished(string server, long lines, long imported, long duplicates, long skipped, long rejected);

    [LoggerMessage(EventId = 3421, Level = LogLevel.Warning, Message = "Playlist import for {Server} interrupted after {Lines} lines; {Imported} plays were committed before")]
    private partial void LogInterrupted(Exception exception, string server, long lines, long imported);
}
