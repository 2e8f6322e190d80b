using System.Collections.Concurrent;
using Asteroid.Enrichment;
using Asteroid.Sessions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Asteroid.Import;

/// <summary>Streams an access log (any size, flat memory: one batch at a time) into
/// <c>listener_sessions</c> with source <c>import</c>. A session's id is a keyed hash of the server and
/// the line, so importing a file twice adds nothing. Progress is logged every 100,000 lines and
/// visible in <see cref="Running"/>.</summary>
public sealed partial class AccessLogImporter(
    NpgsqlDataSource db, ListenerEnricher enricher, ListenerKeyHasher hasher, Stations.StationResolver stations, Analytics.AggregationFeed aggregates,
    ImportOutcomeStore outcomes, Enrichment.TrustedProxies trustedProxies, ILogger<AccessLogImporter> logger)
{
    private const int BatchSize = 5000;
    private const int MaxRejections = 100;
    private const long ProgressEvery = 100_000;

    /// <summary>Imports in progress: id → progress so far.</summary>
    public ConcurrentDictionary<Guid, ImportProgress> Running { get; } = new();

    /// <exception cref="AccessLogImportInterruptedException">reading the log or writing a batch failed
    /// part way: it says how much was committed before (importing the same file again adds only the rest)</exception>
    public Task<AccessLogImportResult> ImportAsync(string server, TextReader log, TimeSpan? offset, CancellationToken ct) =>
        ImportAsync(server, log, offset, AccessLogImportOptions.Icecast, ct);

    /// <summary>Imports a log in <paramref name="options"/>' format. Proxy logs (nginx, HAProxy): a
    /// stream request is one session (its id a keyed hash of the server and the line, as Icecast's);
    /// HLS requests are grouped by <see cref="HlsSessionizer"/> within this import, and a session's id
    /// is a keyed hash of (server, mount, listener key, start), so importing the same file again, or
    /// rotated files in any order, gives the same sessions.</summary>
    /// <exception cref="AccessLogImportInterruptedException">as the other overload</exception>
    public async Task<AccessLogImportResult> ImportAsync(string server, TextReader log, TimeSpan? offset, AccessLogImportOptions options, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var progress = new ImportProgress(server, DateTimeOffset.UtcNow);
        Running[id] = progress;
        LogStarted(server, id);
        try
        {
            var batch = new List<FinishedSession>(BatchSize);
            var rejected = new List<RejectedLine>();
            long lines = 0, imported = 0, duplicates = 0, skipped = 0;
            var rejectedCount = 0L;
            var now = DateTimeOffset.UtcNow;
            var reader = new BoundedLineReader(log, Icecast.InputLimits.MaxLogLineLength);
            var hls = new HlsSessionizer(options.HlsTarget, options.HlsGap);
            var nginx = options.Nginx ?? NginxLogParser.CombinedFormat;
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
                        rejectedCount++;
                        if (rejected.Count < MaxRejections)
                        {
                            rejected.Add(new RejectedLine(lines, $"longer than {reader.MaxLength} characters"));
                        }

                        continue;
                    }

                    if (options.Format != AccessLogFormat.Icecast)
                    {
                        switch (await ReadProxyLineAsync(server, line, offset, options.Format, nginx, hls, batch, now))
                        {
                            case { } reason when line.Length == 0 || reason.StartsWith(SkippedPrefix, StringComparison.Ordinal):
                                skipped++;
                                break;
                            case { } reason:
                                rejectedCount++;
                                if (rejected.Count < MaxRejections)
                                {
                                    rejected.Add(new RejectedLine(lines, reason));
                                }

                                break;
                        }
                    }
                    else
                    {
                        switch (AccessLogParser.Parse(line, offset, out var listener, out var reason, now))
                        {
                            case AccessLogParser.Outcome.Listener:
                                batch.Add(ToSession(server, line, listener!) with { Station = (await stations.ResolveAsync(server, listener!.Mount)).Id });
                                break;
                            case AccessLogParser.Outcome.Skipped:
                                skipped++;
                                break;
                            default:
                                if (line.Length == 0)
                                {
                                    skipped++;
                                }
                                else
                                {
                                    rejectedCount++;
                                    if (rejected.Count < MaxRejections)
                                    {
                                        rejected.Add(new RejectedLine(lines, reason!));
                                    }
                                }

                                break;
                        }
                    }

                    if (batch.Count >= BatchSize)
                    {
                        (imported, duplicates) = await FlushAsync(batch, imported, duplicates, ct);
                    }

                    if (lines % ProgressEvery == 0)
                    {
                        progress.Update(lines, imported, duplicates);
                        LogProgress(server, lines, imported, duplicates);
                    }
                }

                foreach (var session in hls.Flush())
                {
                    batch.Add(await ToSessionAsync(server, session, options.HlsTarget));
                    if (batch.Count >= BatchSize)
                    {
                        (imported, duplicates) = await FlushAsync(batch, imported, duplicates, ct);
                    }
                }

                (imported, duplicates) = await FlushAsync(batch, imported, duplicates, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogInterrupted(ex, server, lines, imported);
                throw new AccessLogImportInterruptedException(new AccessLogImportResult(lines, imported, duplicates, skipped, rejected, rejectedCount), ex);
            }

            progress.Update(lines, imported, duplicates);
            LogFinished(server, lines, imported, duplicates, skipped, rejectedCount);
            await outcomes.RecordAsync(new ImportOutcome(server, ImportOutcomeStore.AccessLog, lines, rejectedCount, DateTimeOffset.UtcNow), ct);
            return new AccessLogImportResult(lines, imported, duplicates, skipped, rejected, rejectedCount);
        }
        finally
        {
            Running.TryRemove(id, out _);
        }
    }

    private async Task<(long Imported, long Duplicates)> FlushAsync(List<FinishedSession> batch, long imported, long duplicates, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return (imported, duplicates);
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        var inserted = await SessionStore.InsertFinishedAsync(connection, null, batch, ct);
        foreach (var session in batch)
        {
            await aggregates.FinishedAsync(session); // the day grains ignore sessions they already have
        }

        var result = (imported + inserted, duplicates + batch.Count - inserted);
        batch.Clear();
        return result;
    }

    private FinishedSession ToSession(string server, string line, AccessLogLine listener)
    {
        // The IP is used here, for the location and the listener key, and then only the line's
        // keyed hash (the session id) is kept.
        var profile = enricher.Enrich(listener.Ip, listener.UserAgent, listener.Referer);
        var id = SessionKey.FromHash(hasher.Mac("import\n" + server + "\n" + line));
        return new FinishedSession(id, server, listener.Mount, null, listener.StartedAt, listener.EndedAt,
            1, profile, listener.BytesSent, SessionSources.Import);
    }

    private const string SkippedPrefix = "skipped: ";

    /// <summary>Reads one proxy-log line into <paramref name="batch"/> (a stream session, or the HLS
    /// sessions the request closed); null when it was used, else why not ("skipped: …" when it is a
    /// valid line that is no listener).</summary>
    private async Task<string?> ReadProxyLineAsync(string server, string line, TimeSpan? offset, AccessLogFormat format, NginxLogParser nginx,
        HlsSessionizer hls, List<FinishedSession> batch, DateTimeOffset now)
    {
        var parsed = format == AccessLogFormat.Haproxy
            ? HaproxyLogParser.TryParse(line, offset, out var request, out var reason)
            : nginx.TryParse(line, offset, out request, out reason);
        if (!parsed)
        {
            return reason;
        }

        if (request!.ForwardedFor is not null || request.Forwarded is not null)
        {
            // A trusted proxy's header names the listener (Asteroid:TrustedProxies); anybody else's is ignored.
            request = request with { Ip = Enrichment.ForwardedAddress.Resolve(request.Ip, request.ForwardedFor, request.Forwarded, trustedProxies) };
        }

        var kind = ProxyRequestRules.Classify(request!, now, out var stream, out var mount, out reason);
        switch (kind)
        {
            case ProxyRequestRules.Kind.Stream:
                batch.Add(ToSession(server, line, stream!) with { Station = (await stations.ResolveAsync(server, stream!.Mount)).Id });
                return null;
            case ProxyRequestRules.Kind.HlsPlaylist or ProxyRequestRules.Kind.HlsSegment:
                // The IP is used here, for the location and the listener key, and then dropped.
                var profile = enricher.Enrich(request!.Ip, request.UserAgent, request.Referer);
                foreach (var session in hls.Add(new HlsRequest(mount!, profile, request.Start, kind == ProxyRequestRules.Kind.HlsSegment, request.Bytes)))
                {
                    batch.Add(await ToSessionAsync(server, session, hls.Target));
                }

                return null;
            case ProxyRequestRules.Kind.Skipped:
                return SkippedPrefix + reason;
            default:
                return reason;
        }
    }

    private async Task<FinishedSession> ToSessionAsync(string server, HlsSession session, TimeSpan target)
    {
        var id = SessionKey.FromHash(hasher.Mac(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"import-hls\n{server}\n{session.Mount}\n{session.Listener.ListenerKey}\n{session.Start.ToUnixTimeMilliseconds()}")));
        return new FinishedSession(id, server, session.Mount, (await stations.ResolveAsync(server, session.Mount)).Id, session.Start, session.End,
            (int)Math.Ceiling(target.TotalSeconds), session.Listener, session.Bytes, SessionSources.Import);
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Access-log import for {Server} started ({ImportId})")]
    private partial void LogStarted(string server, Guid importId);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Access-log import for {Server}: {Lines} lines read, {Imported} sessions imported, {Duplicates} already known")]
    private partial void LogProgress(string server, long lines, long imported, long duplicates);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Access-log import for {Server} done: {Lines} lines, {Imported} imported, {Duplicates} duplicates, {Skipped} skipped, {Rejected} rejected")]
    private partial void LogFinished(string server, long lines, long imported, long duplicates, long skipped, long rejected);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Access-log import for {Server} interrupted after {Lines} lines; {Imported} sessions were committed before")]
    private partial void LogInterrupted(Exception exception, string server, long lines, long imported);
}

/// <summary>Progress of a running import (updated every 100,000 lines).</summary>
public sealed class ImportProgress(string server, DateTimeOffset startedAt)
{
    private long _lines;
    private long _imported;
    private long _duplicates;

    public string Server { get; } = server;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public long LinesRead => Interlocked.Read(ref _lines);

    public long SessionsImported => Interlocked.Read(ref _imported);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    internal void Update(long lines, long imported, long duplicates)
    {
        Interlocked.Exchange(ref _lines, lines);
        Interlocked.Exchange(ref _imported, imported);
        Interlocked.Exchange(ref _duplicates, duplicates);
    }
}
