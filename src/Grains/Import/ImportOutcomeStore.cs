using Microsoft.Extensions.Logging;
using Npgsql;

namespace Asteroid.Import;

/// <summary>The last finished import of each kind (<c>access-log</c>, <c>playlist-log</c>) per
/// server: how many lines it read and rejected (<c>import_outcomes</c>). Written by the importers,
/// read by the alert evaluator (collection-failing).</summary>
public sealed partial class ImportOutcomeStore(NpgsqlDataSource db, ILogger<ImportOutcomeStore> logger)
{
    public const string AccessLog = "access-log";
    public const string PlaylistLog = "playlist-log";

    /// <summary>Records an outcome; a failure is logged, never thrown (the import itself is committed).</summary>
    public async Task RecordAsync(ImportOutcome outcome, CancellationToken ct)
    {
        try
        {
            await WriteAsync(outcome, ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogNotRecorded(logger, e, outcome.Kind, outcome.Server);
        }
    }

    private async Task WriteAsync(ImportOutcome outcome, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO import_outcomes (server_id, kind, lines_read, rejected_lines, finished_at) VALUES (@server, @kind, @lines, @rejected, @at)
            ON CONFLICT (server_id, kind) DO UPDATE SET lines_read = EXCLUDED.lines_read, rejected_lines = EXCLUDED.rejected_lines, finished_at = EXCLUDED.finished_at
            """);
        command.Parameters.AddWithValue("server", outcome.Server);
        command.Parameters.AddWithValue("kind", outcome.Kind);
        command.Parameters.AddWithValue("lines", outcome.LinesRead);
        command.Parameters.AddWithValue("rejected", outcome.RejectedLines);
        command.Parameters.AddWithValue("at", outcome.FinishedAt.UtcDateTime);
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(EventId = 1610, Level = LogLevel.Warning, Message = "The outcome of the {Kind} import of {Server} was not recorded (alerts on import rejections will not see it)")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string kind, string server);

    public async Task<IReadOnlyList<ImportOutcome>> ListAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT server_id, kind, lines_read, rejected_lines, finished_at FROM import_outcomes ORDER BY server_id, kind");
        var outcomes = new List<ImportOutcome>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            outcomes.Add(new ImportOutcome(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return outcomes;
    }
}

/// <summary>One finished import of a server's log: lines read, lines rejected (all of them, not only
/// the first 100 the answer lists), when it finished.</summary>
public sealed record class ImportOutcome(string Server, string Kind, long LinesRead, long RejectedLines, DateTimeOffset FinishedAt)
{
    /// <summary>Rejected lines in percent of the lines read (0 for an empty import).</summary>
    public double RejectedPercent => LinesRead == 0 ? 0 : RejectedLines * 100.0 / LinesRead;
}
