using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Web.Access.Audit;

/// <summary>Writes and reads the <c>audit_log</c> table. Callers pass views of the objects that never
/// hold a secret (the audited records are built for that: see the <c>…Audit</c> records beside each API).</summary>
public sealed partial class AuditLog(NpgsqlDataSource db, TimeProvider time, IOptions<AuditOptions> options, ILogger<AuditLog> logger)
{
    public const int MaxLimit = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task WriteAsync(ClaimsPrincipal who, string action, string target, object? before, object? after)
    {
        var (actor, kind) = ActorOf(who);
        await using var command = db.CreateCommand(
            "INSERT INTO audit_log (at, actor, actor_kind, action, target, before, after) VALUES (@at, @actor, @kind, @action, @target, @before, @after)");
        command.Parameters.AddWithValue("at", time.GetUtcNow().UtcDateTime);
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("action", action);
        command.Parameters.AddWithValue("target", target);
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Jsonb) { Value = before is null ? DBNull.Value : JsonSerializer.Serialize(before, Json) });
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Jsonb) { Value = after is null ? DBNull.Value : JsonSerializer.Serialize(after, Json) });
        await command.ExecuteNonQueryAsync();
        LogChange(actor, kind, action, target);
    }

    /// <summary>Newest first, at most <paramref name="limit"/>, older than the entry <paramref name="before"/> when given.</summary>
    public async Task<AuditPage> ReadAsync(int limit, long? before, CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            "SELECT id, at, actor, actor_kind, action, target, before::text, after::text FROM audit_log WHERE (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = before is { } b ? b : DBNull.Value });
        command.Parameters.AddWithValue("limit", limit + 1);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), ParseOrNull(reader, 6), ParseOrNull(reader, 7)));
        }

        var more = entries.Count > limit;
        if (more)
        {
            entries.RemoveAt(entries.Count - 1);
        }

        return new AuditPage(entries, more ? entries[^1].Id : null);
    }

    /// <summary>Deletes entries older than <c>Audit:Days</c>; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("DELETE FROM audit_log WHERE at < @cutoff");
        command.Parameters.AddWithValue("cutoff", time.GetUtcNow().AddDays(-options.Value.Days).UtcDateTime);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Who made a change: a user's name, or an API key's name (config keys are "api-key").</summary>
    public static (string Actor, string Kind) ActorOf(ClaimsPrincipal who) =>
        (who.Identity?.Name ?? "unknown", who.Identity?.AuthenticationType == Auth.ApiKeyAuthenticationHandler.SchemeName ? "key" : "user");

    private static JsonElement? ParseOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonDocument.Parse(reader.GetString(ordinal)).RootElement.Clone();

    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "Audit: {Actor} ({Kind}) {Action} {Target}")]
    private partial void LogChange(string actor, string kind, string action, string target);
}
