using Asteroid.Reports;
using Asteroid.Royalties;

namespace Asteroid.Web.Royalties;

/// <summary><c>/reports/soundexchange</c> as JSON: the Report of Use rows, the directly licensed
/// recordings left out of it, ATH with its parts and its method in words, and the file names.</summary>
public sealed record class SoundExchangeResponse(
    string Station, string TimeZone, string Month, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, string NameOfService,
    string? TransmissionCategory, string FileName, IReadOnlyList<ReportOfUseRow> Rows, IReadOnlyList<ReportOfUseRow> DirectlyLicensed,
    AthAnswer Ath, long ActualTotalPerformances, int Plays, int NonMusicPlays, int UnmatchedPlays, IReadOnlyList<string> Warnings)
{
    public static SoundExchangeResponse Of(SoundExchangeReport r) => new(r.Station, r.TimeZone, r.Month, r.PeriodStart, r.PeriodEnd,
        SoundExchangeFile.ServiceName(r), r.TransmissionCategory, SoundExchangeFile.FileName(r, "txt"), r.Rows, r.DirectlyLicensed,
        new AthAnswer(r.Ath.AggregateTuningHours, r.Ath.UsListenerHours, r.Ath.DirectlyLicensedHours, r.Ath.NonMusicHours, r.Ath.UsListeners, AthAnswer.Method),
        r.Rows.Sum(x => x.ActualTotalPerformances), r.Plays, r.NonMusicPlays, r.UnmatchedPlays, r.Warnings);
}

public sealed record class AthAnswer(double AggregateTuningHours, double UsListenerHours, double DirectlyLicensedHours, double NonMusicHours,
    int UsListeners, string HowComputed)
{
    public const string Method =
        "For every listener in the US (session country from GeoIP; bots never count), the time they were connected to any mount of the " +
        "station during the month (in the station's time zone), counted once when they were on two mounts at once, summed over the " +
        "listeners; less the part of that time that fell inside plays marked directly licensed or not music (by the catalogue, or by " +
        "the station's non-music patterns). Hours, to 4 decimals.";
}

/// <summary><c>/reports/ppl</c>: listener hours, tracks per hour and their product, and the share of
/// listener hours per country (null: unknown).</summary>
public sealed record class PplResponse(
    string Station, string TimeZone, DateOnly From, DateOnly To, double TotalListenerHours, int MusicPlays, double ProgrammeHours,
    double AverageTracksPerHour, double Performances, IReadOnlyList<CountryHours> Countries)
{
    public static PplResponse Of(PplReport r) => new(r.Header.Station, r.Header.TimeZone, r.Header.From, r.Header.To, r.ListenerHours, r.MusicPlays,
        r.ProgrammeHours, r.TracksPerHour, r.Performances, r.Countries);
}

/// <summary>A play of the station that no catalogue entry matched.</summary>
public sealed record class UnmatchedPlay(DateTimeOffset StartedAt, DateTimeOffset EndedAt, IReadOnlyList<string> Mounts, string? Artist, string Title,
    string? Isrc, string Kind, int UsListeners);

/// <summary><c>/reports/unmatched</c>: the plays that matched no catalogue entry, oldest first.</summary>
public sealed record class UnmatchedResponse(string Station, string TimeZone, DateOnly From, DateOnly To, IReadOnlyList<UnmatchedPlay> Plays)
{
    public static UnmatchedResponse Of(UnmatchedReport r) => new(r.Header.Station, r.Header.TimeZone, r.Header.From, r.Header.To,
        [.. r.Plays.Select(p => new UnmatchedPlay(p.StartedAt, p.EndedAt, p.Mounts, p.Artist, p.Title, p.Isrc, p.Kind, p.UsListeners))]);
}

/// <summary>A station's royalty settings as the API reads and writes them.</summary>
public sealed record class RoyaltySettingsBody(string? ServiceName, string? TransmissionCategory, IReadOnlyList<string>? NonMusicPatterns);
