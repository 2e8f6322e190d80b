namespace Asteroid.Import;

/// <summary>The answer of an access-log import. <see cref="Rejected"/> holds the first 100 lines that
/// were not log lines, by number and reason (never the line itself: it holds an IP).</summary>
public sealed record class AccessLogImportResult(long LinesRead, long SessionsImported, long Duplicates, long Skipped, IReadOnlyList<RejectedLine> Rejected);

public sealed record class RejectedLine(long Line, string Reason);
