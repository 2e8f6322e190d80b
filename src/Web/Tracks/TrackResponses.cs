using System.Text.Json.Serialization;
using Asteroid.Tracks;

namespace Asteroid.Web.Tracks;

/// <summary>One play as the API shows it: what, when (with the precision of each boundary), from
/// which source, and its audience for the requested traffic (null while it cannot be computed:
/// older than the raw retention and never stored).</summary>
public sealed class PlayItem(PlayRow row)
{
    public string Server => row.Play.Server;

    public string Mount => row.Play.Mount;

    public DateTimeOffset StartedAt => row.Play.StartedAt;

    public DateTimeOffset? EndedAt => row.Play.EndedAt;

    public int? StartPrecisionSeconds => row.Play.StartPrecisionSeconds;

    public int? EndPrecisionSeconds => row.Play.EndPrecisionSeconds;

    public string? Artist => row.Play.Artist;

    public string Title => row.Play.Title;

    public string? Album => row.Play.Album;

    public string? Isrc => row.Play.Isrc;

    public string? Label => row.Play.Label;

    public int? DurationSeconds => row.Play.DurationSeconds;

    public string Source => row.Play.Source;

    public int? ListenersAtStart => row.Audience?.ListenersAtStart;

    public int? ListenersAtEnd => row.Audience?.ListenersAtEnd;

    public int? PeakListeners => row.Audience?.PeakListeners;

    public int? UniqueListeners => row.Audience?.UniqueListeners;

    public int? TuneIns => row.Audience?.TuneIns;

    public int? TuneOuts => row.Audience?.TuneOuts;

    public double? ListenMinutes => row.Audience?.ListenMinutes;

    public double? TuneOutIndex => row.TuneOutIndex;

    public int BaselinePlays => row.BaselinePlays;
}

/// <summary>One track over the range (artist and title as last played).</summary>
public sealed class TrackItem(TrackRow row)
{
    public string? Artist => row.Artist;

    public string Title => row.Title;

    public int Plays => row.Plays;

    public long UniqueListeners => row.UniqueListeners;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool UniqueListenersEstimated => !row.UniqueListenersExact;

    public double ListenMinutes => row.ListenMinutes;

    public int TuneIns => row.TuneIns;

    public int TuneOuts => row.TuneOuts;

    public int PeakListeners => row.PeakListeners;

    public double? TuneOutIndex => row.TuneOutIndex;

    public int BaselinePlays => row.BaselinePlays;

    public DateTimeOffset FirstPlayedAt => row.FirstPlayedAt;

    public DateTimeOffset LastPlayedAt => row.LastPlayedAt;
}

/// <summary><c>/stats/plays</c>: the plays that started in the range, oldest first.</summary>
public sealed class PlaysResponse(PlaysReport report) : Asteroid.Web.Reports.ReportResponse(report.Header)
{
    public string Traffic => report.Traffic;

    public IEnumerable<PlayItem> Plays => report.Plays.Select(p => new PlayItem(p));
}

/// <summary><c>/stats/tracks</c>: one row per track, sorted as asked (largest first).</summary>
public sealed class TracksResponse(TracksReport report) : Asteroid.Web.Reports.ReportResponse(report.Header)
{
    public string Traffic => report.Traffic;

    public string Sort => report.Sort;

    public IEnumerable<TrackItem> Tracks => report.Tracks.Select(t => new TrackItem(t));
}

/// <summary><c>/stats/now-playing</c>: per mount, the current play (null when nothing is known to
/// play), since when, and the listeners now.</summary>
public sealed record class NowPlayingResponse(DateTimeOffset At, IReadOnlyList<NowPlayingMount> Mounts, IReadOnlyList<string> UnavailableServers);

public sealed record class NowPlayingMount(string Server, string Mount, int Listeners, string Status, string? Artist, string? Title, DateTimeOffset? Since,
    string? Source, string? Album);
