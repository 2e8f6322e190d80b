namespace Asteroid.Shows;

/// <summary>A weekly slot in the station's time zone: the local days it starts on
/// (<c>mon</c> … <c>sun</c>) and local <c>HH:mm</c> times; an end at or before the start crosses
/// midnight (<c>22:00</c>–<c>02:00</c>), <c>24:00</c> is the end of the day.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.slot")]
public sealed record class ShowSlot(
    [property: Id(0)] IReadOnlyList<string> Days,
    [property: Id(1)] string Start,
    [property: Id(2)] string End);

/// <summary>A one-off episode: two instants. It replaces any recurring episode (of any show of the
/// station) that overlaps it.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.one-off")]
public sealed record class OneOffEpisode([property: Id(0)] DateTimeOffset Start, [property: Id(1)] DateTimeOffset End);

/// <summary>A programme of a station: recurring weekly slots valid on the local dates
/// [<see cref="ValidFrom"/>, <see cref="ValidTo"/>] (either open) and one-off episodes.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.show")]
public sealed record class ShowDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Host,
    [property: Id(3)] IReadOnlyList<ShowSlot> Slots,
    [property: Id(4)] DateOnly? ValidFrom,
    [property: Id(5)] DateOnly? ValidTo,
    [property: Id(6)] IReadOnlyList<OneOffEpisode> Episodes);

/// <summary>One concrete episode of a show, as instants.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.episode")]
public sealed record class Episode(
    [property: Id(0)] string ShowId,
    [property: Id(1)] DateTimeOffset Start,
    [property: Id(2)] DateTimeOffset End,
    [property: Id(3)] bool OneOff);

/// <summary>A daypart of a station: local weekly hours (e.g. Mon–Fri 06:00–10:00) reports can be
/// restricted to with <c>daypart={id}</c>.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.daypart")]
public sealed record class Daypart(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<ShowSlot> Slots);

/// <summary>A station's whole schedule: its shows and its dayparts (the default set when none were set).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.schedule")]
public sealed record class StationSchedule(
    [property: Id(0)] IReadOnlyList<ShowDefinition> Shows,
    [property: Id(1)] IReadOnlyList<Daypart> Dayparts,
    [property: Id(2)] bool DefaultDayparts);

/// <summary>The answer to a change of a show: the show as it was before (null when new), or the
/// conflict that refused it (the show it overlaps, and how).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.put-result")]
public sealed record class ShowPutResult(
    [property: Id(0)] ShowDefinition? Before,
    [property: Id(1)] string? ConflictShowId,
    [property: Id(2)] string? Conflict);
