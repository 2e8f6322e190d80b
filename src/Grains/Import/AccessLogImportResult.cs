namespace Asteroid.Import;

/// <summary>The answer of an access-log import. <see cref="Rejected"/> holds the first 100 lines that
/// were not log lines, by number and reason (never the line itself: it holds an IP);
/// <see cref="RejectedLines"/> counts all of them.</summary>
public sealed record class AccessLogImportResult(long LinesRead, long SessionsImported, long Duplicates, long Skipped, IReadOnlyList<RejectedLine> Rejected, long RejectedLines = 0);

public sealed record class RejectedLine(long Line, string Reason);

/// <summary>An import stopped part way (the body could not be read, or PostgreSQL failed):
/// <see cref="Partial"/> says what was read and committed before. Importing the file again adds only
/// what is missing (session ids are hashes of the lines).</summary>
public sealed class AccessLogImportInterruptedException(AccessLogImportResult partial, Exception inner)
    : Exception($"The import stopped after {partial.LinesRead} lines; {partial.SessionsImported} sessions were committed before: {inner.Message}", inner)
{
    public AccessLogImportResult Partial { get; } = partial;
}
