using System.Text.Json;

namespace Asteroid.Web.Access.Audit;

/// <summary>One admin change as <c>GET /api/asteroid/admin/audit</c> answers it.</summary>
public sealed record class AuditEntry(
    long Id, DateTimeOffset At, string Actor, string ActorKind, string Action, string Target, JsonElement? Before, JsonElement? After);

/// <summary>A page of the audit log, newest first; <c>next</c> is the <c>before=</c> of the next page (null at the end).</summary>
public sealed record class AuditPage(IReadOnlyList<AuditEntry> Entries, long? Next);
