using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary><c>/stats/sessions</c>: the sessions behind a figure — those of the report's scope and
/// traffic that start in the range (the ones its <c>sessions</c> counts), narrowed by the filters,
/// oldest first, one page of at most <see cref="Limit"/> after <see cref="After"/>.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.session-list-request")]
public sealed record class SessionListRequest(
    [property: Id(0)] ReportRequest Report,
    [property: Id(1)] SessionFilter Filter,
    [property: Id(2)] SessionKeyset? After,
    [property: Id(3)] int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}

/// <summary>Exact values as the sessions export writes them (null: no filter); <see cref="Hour"/>
/// is the local hour of the start (0-23) in the scope's time zone; <see cref="Country"/> <c>""</c>
/// selects the sessions of unknown location; <see cref="Daypart"/> (a daypart id of the scope's
/// station) keeps the sessions that start in its local hours; <see cref="Referrer"/> is a referrer
/// host as the breakdowns name it (<c>""</c>: no referrer) and <see cref="PlayerKind"/> a player kind.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.session-filter")]
public sealed record class SessionFilter(
    [property: Id(0)] string? Country = null,
    [property: Id(1)] string? City = null,
    [property: Id(2)] string? Player = null,
    [property: Id(3)] string? Os = null,
    [property: Id(4)] string? Device = null,
    [property: Id(5)] int? Hour = null,
    [property: Id(6)] string? Daypart = null,
    [property: Id(7)] string? Referrer = null,
    [property: Id(8)] string? PlayerKind = null);

/// <summary>A position in the order of a session list: (start, session id), both unique together
/// and fixed once a session is stored, so pages neither repeat nor skip when sessions are added.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.session-keyset")]
public sealed record class SessionKeyset([property: Id(0)] DateTime StartedAtUtc, [property: Id(1)] Guid SessionId);

/// <summary>One page: the sessions, where the next page starts (null on the last one), and since
/// when raw sessions are kept (<see cref="RetainedSince"/>; sessions that started before it may have
/// been removed by retention, <see cref="Partial"/> when the range reaches before it).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.session-page")]
public sealed record class SessionPage(
    [property: Id(0)] IReadOnlyList<SessionExportRow> Sessions,
    [property: Id(1)] SessionKeyset? Next,
    [property: Id(2)] DateTimeOffset RetainedSince,
    [property: Id(3)] bool Partial,
    [property: Id(4)] Traffic Traffic);
