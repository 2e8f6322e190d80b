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
/// [<see cref="ValidFrom"/>, <see cref="ValidTo"/>] (either open) except the local dates in
/// <see cref="ExceptDates"/> (no recurring episode starts on them), and one-off episodes.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.show")]
public sealed record class ShowDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Host,
    [property: Id(3)] IReadOnlyList<ShowSlot> Slots,
    [property: Id(4)] DateOnly? ValidFrom,
    [property: Id(5)] DateOnly? ValidTo,
    [property: Id(6)] IReadOnlyList<OneOffEpisode> Episodes)
{
    /// <summary>Local dates on which the recurring slots have no episode (a holiday, an iCalendar
    /// EXDATE or a moved instance); one-off episodes are not affected.</summary>
    [Id(7)]
    public IReadOnlyList<DateOnly> ExceptDates { get; init; } = [];

    /// <summary>The UID of the iCalendar event the show was imported from (null for a show made by
    /// hand): a later import of the same calendar updates it in place.</summary>
    [Id(8)]
    public string? CalendarUid { get; init; }
}

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

/// <summary>What one show became in an import: <c>created</c>, <c>updated</c>, <c>unchanged</c> or
/// <c>removed</c> (with replace: imported before from a calendar, no longer in it).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.import-change")]
public sealed record class ShowImportChange(
    [property: Id(0)] string ShowId,
    [property: Id(1)] string? CalendarUid,
    [property: Id(2)] string Name,
    [property: Id(3)] string Action);

/// <summary>An event of an imported calendar left out, and why (the line of its BEGIN:VEVENT; 0 when unknown).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.ics-skipped")]
public sealed record class IcsSkippedEvent(
    [property: Id(0)] int Line,
    [property: Id(1)] string? Uid,
    [property: Id(2)] string? Summary,
    [property: Id(3)] string Reason);

/// <summary>The answer to a calendar import: every change and the events left out; or, nothing
/// written, why: the file is not iCalendar (<see cref="FormatError"/> at <see cref="FormatLine"/>),
/// or a conflict (the imported show and the station's show it overlaps, and how).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.import-result")]
public sealed record class ShowImportResult(
    [property: Id(0)] IReadOnlyList<ShowImportChange> Changes,
    [property: Id(1)] IReadOnlyList<IcsSkippedEvent> Skipped,
    [property: Id(2)] string? ImportedShowId,
    [property: Id(3)] string? ConflictShowId,
    [property: Id(4)] string? Conflict,
    [property: Id(5)] string? FormatError = null,
    [property: Id(6)] int FormatLine = 0);
