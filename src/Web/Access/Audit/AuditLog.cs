using System.Security.Claims;
using System.Text.Json;
using Asteroid.Access;

namespace Asteroid.Web.Access.Audit;

/// <summary>Records admin changes through the audit log grain and reads them back. Callers pass
/// views of the objects that never hold a secret (see the <c>…View</c>/<c>…Audit</c> records beside each API).</summary>
public sealed partial class AuditLog(IGrainFactory grains, ILogger<AuditLog> logger)
{
    public const int MaxLimit = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task WriteAsync(ClaimsPrincipal who, string action, string target, object? before, object? after)
    {
        var (actor, kind) = ActorOf(who);
        await Grain().Write(new AuditRecord(0, default, actor, kind, action, target,
            before is null ? null : JsonSerializer.Serialize(before, Json), after is null ? null : JsonSerializer.Serialize(after, Json)));
        LogChange(actor, kind, action, target);
    }

    /// <summary>Newest first, at most <paramref name="limit"/>, older than the entry <paramref name="before"/> when given.</summary>
    public async Task<AuditPage> ReadAsync(int limit, long? before)
    {
        var records = await Grain().Read(limit + 1, before);
        var entries = records.Take(limit).Select(r => new AuditEntry(r.Id, r.At, r.Actor, r.ActorKind, r.Action, r.Target, Parse(r.BeforeJson), Parse(r.AfterJson))).ToList();
        return new AuditPage(entries, records.Count > limit ? entries[^1].Id : null);
    }

    /// <summary>Who made a change: a user's name, or an API key's name (configured keys are "api-key").</summary>
    public static (string Actor, string Kind) ActorOf(ClaimsPrincipal who) =>
        (who.Identity?.Name ?? "unknown", who.Identity?.AuthenticationType == Auth.ApiKeyAuthenticationHandler.SchemeName ? "key" : "user");

    private IAuditLogGrain Grain() => grains.GetGrain<IAuditLogGrain>(IAuditLogGrain.Key);

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "Audit: {Actor} ({Kind}) {Action} {Target}")]
    private partial void LogChange(string actor, string kind, string action, string target);
}
