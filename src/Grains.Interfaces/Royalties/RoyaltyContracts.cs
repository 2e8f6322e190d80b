using Asteroid.Reports;

namespace Asteroid.Royalties;

/// <summary>One recording of the catalogue (docs/royalties.md): what Icecast does not carry.
/// <see cref="Music"/> false: a jingle, talk or an ad (never reported, out of ATH);
/// <see cref="DirectLicense"/>: licensed directly, not under the statutory licence (out of the report and of ATH).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.royalties.catalog-entry")]
public sealed record class CatalogEntry(
    [property: Id(0)] string? Artist,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Album,
    [property: Id(3)] string? Label,
    [property: Id(4)] string? Isrc,
    [property: Id(5)] int? DurationSeconds,
    [property: Id(6)] bool Music = true,
    [property: Id(7)] bool DirectLicense = false)
{
    public string MatchKey => RoyaltyNames.MatchKey(Artist, Title);
}

/// <summary>A station's royalty settings: the name of service and the transmission category its
/// SoundExchange reports carry, and the patterns of items that are not music (<see cref="NonMusicPattern"/>).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.royalties.settings")]
public sealed record class RoyaltySettings(
    [property: Id(0)] string? ServiceName,
    [property: Id(1)] string? TransmissionCategory,
    [property: Id(2)] IReadOnlyList<string> NonMusicPatterns)
{
    public static RoyaltySettings Default { get; } = new(null, null, []);

    /// <summary>SoundExchange's transmission categories are one letter; these are the ones 37 CFR 370 and
    /// its settlements define (A to L).</summary>
    public static bool IsCategory(string? category) => category is { Length: 1 } && category[0] is >= 'A' and <= 'L';
}

/// <summary>A play of the station as the royalty reports see it: when, what (as the play says), and
/// the catalogue entry it matched (null: unmatched), how, and what it counts as.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.royalties.play")]
public sealed record class RoyaltyPlay(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] DateTimeOffset EndedAt,
    [property: Id(2)] IReadOnlyList<string> Mounts,
    [property: Id(3)] string? Artist,
    [property: Id(4)] string Title,
    [property: Id(5)] string? Isrc,
    [property: Id(6)] CatalogEntry? Match,
    [property: Id(7)] string MatchedBy,
    [property: Id(8)] string Kind,
    [property: Id(9)] int UsListeners,
    [property: Id(10)] bool EndKnown);

public static class PlayKinds
{
    public const string Music = "music";
    public const string NonMusic = "nonMusic";
    public const string DirectLicense = "directLicense";
}

/// <summary>One row of the census Report of Use: a recording and its actual total performances in the month.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.royalties.rou-row")]
public sealed record class ReportOfUseRow(
    [property: Id(0)] string FeaturedArtist,
    [property: Id(1)] string SoundRecordingTitle,
    [property: Id(2)] string? Isrc,
    [property: Id(3)] string? AlbumTitle,
    [property: Id(4)] string? MarketingLabel,
    [property: Id(5)] long ActualTotalPerformances,
    [property: Id(6)] int Plays,
    [property: Id(7)] bool Matched);

/// <summary>Aggregate tuning hours and their parts (hours, 4 decimals).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.royalties.ath")]
public sealed record class TuningHours(
    [property: Id(0)] double UsListenerHours,
    [property: Id(1)] double DirectlyLicensedHours,
    [property: Id(2)] double NonMusicHours,
    [property: Id(3)] double AggregateTuningHours,
    [property: Id(4)] int UsListeners);

/// <summary>The SoundExchange report of a station and month.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.royalties.soundexchange")]
public sealed record class SoundExchangeReport(
    [property: Id(0)] string Station,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] string Month,
    [property: Id(3)] DateTimeOffset PeriodStart,
    [property: Id(4)] DateTimeOffset PeriodEnd,
    [property: Id(5)] string? ServiceName,
    [property: Id(6)] string? TransmissionCategory,
    [property: Id(7)] IReadOnlyList<ReportOfUseRow> Rows,
    [property: Id(8)] IReadOnlyList<ReportOfUseRow> DirectlyLicensed,
    [property: Id(9)] TuningHours Ath,
    [property: Id(10)] int Plays,
    [property: Id(11)] int NonMusicPlays,
    [property: Id(12)] int UnmatchedPlays,
    [property: Id(13)] IReadOnlyList<string> Warnings);

/// <summary>Listener hours of one country (null: unknown) and their share of the total, percent.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.royalties.country-hours")]
public sealed record class CountryHours([property: Id(0)] string? Country, [property: Id(1)] double ListenerHours, [property: Id(2)] double Percent);

/// <summary>The PPL webcasting figures of a station over local days.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.royalties.ppl")]
public sealed record class PplReport(
    [property: Id(0)] ReportHeader Header,
    [property: Id(1)] double ListenerHours,
    [property: Id(2)] int MusicPlays,
    [property: Id(3)] double ProgrammeHours,
    [property: Id(4)] double TracksPerHour,
    [property: Id(5)] double Performances,
    [property: Id(6)] IReadOnlyList<CountryHours> Countries);

/// <summary>The plays of a station over local days that matched no catalogue entry, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.royalties.unmatched")]
public sealed record class UnmatchedReport([property: Id(0)] ReportHeader Header, [property: Id(1)] IReadOnlyList<RoyaltyPlay> Plays);

/// <summary>The catalogue and the royalty reports (docs/royalties.md).</summary>
[Alias("asteroid.royalties")]
public interface IRoyaltyGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Replaces the whole catalogue; returns the number of entries stored.</summary>
    [Alias("put-catalog")]
    Task<int> PutCatalog(IReadOnlyList<CatalogEntry> entries);

    [Alias("catalog")]
    Task<IReadOnlyList<CatalogEntry>> Catalog();

    [Alias("settings")]
    Task<RoyaltySettings> Settings(string station);

    [Alias("put-settings")]
    Task PutSettings(string station, RoyaltySettings settings);

    /// <summary>The census Report of Use and ATH of a station for a calendar month of its time zone.</summary>
    [Alias("soundexchange")]
    Task<ReportResult<SoundExchangeReport>> SoundExchange(string station, int year, int month);

    [Alias("ppl")]
    Task<ReportResult<PplReport>> Ppl(string station, DateOnly from, DateOnly to);

    [Alias("unmatched")]
    Task<ReportResult<UnmatchedReport>> Unmatched(string station, DateOnly from, DateOnly to);
}
