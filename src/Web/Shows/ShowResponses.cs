using System.Text.Json.Serialization;
using Asteroid.Analytics;
using Asteroid.Reports;
using Asteroid.Shows;
using Asteroid.Web.Reports;

namespace Asteroid.Web.Shows;

/// <summary>One point of a retention curve: <c>percent</c> of the episode, <c>share</c> of the
/// listeners present at its start still listening then.</summary>
public sealed record class RetentionPoint(int Percent, double Share);

public sealed class RetentionResponse(EpisodeRetention retention)
{
    public int ListenersAtStart => retention.ListenersAtStart;

    public IEnumerable<RetentionPoint> Points => retention.Shares.Select((s, i) => new RetentionPoint(i * 5, s));
}

/// <summary>One episode: <c>start</c>, <c>end</c>, <c>oneOff</c>, the metrics of its window (the
/// field names of every report), <c>tuneIns</c>, <c>tuneOuts</c>, <c>retention</c>, and with
/// <c>compare=previous</c> the same show's episode a week before and the change.</summary>
public sealed class EpisodeRow(EpisodeAudience episode, bool compare) : MetricsFields(episode.Metrics)
{
    [JsonPropertyOrder(-3)]
    public DateTimeOffset Start => episode.Start;

    [JsonPropertyOrder(-2)]
    public DateTimeOffset End => episode.End;

    [JsonPropertyOrder(-1)]
    public bool OneOff => episode.OneOff;

    public int TuneIns => episode.TuneIns;

    public int TuneOuts => episode.TuneOuts;

    [JsonPropertyOrder(1)]
    public RetentionResponse Retention => new(episode.Retention);

    /// <summary>With <c>compare=previous</c>: the episode a week before (null when the show had none).</summary>
    [JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EpisodeCompare? Compare => compare ? (episode.Previous is { } p ? new EpisodeCompare(episode, p) : null) : null;

    /// <summary>True with compare=previous when the show had no episode a week before.</summary>
    [JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoPreviousEpisode => compare && episode.Previous is null;
}

/// <summary>The episode a week before, and the change of each figure (docs/metrics.md, "Comparisons").</summary>
public sealed class EpisodeCompare(EpisodeAudience current, EpisodeAudience previous) : MetricsFields(previous.Metrics)
{
    [JsonPropertyOrder(-2)]
    public DateTimeOffset Start => previous.Start;

    [JsonPropertyOrder(-1)]
    public DateTimeOffset End => previous.End;

    public int TuneIns => previous.TuneIns;

    public int TuneOuts => previous.TuneOuts;

    [JsonPropertyOrder(1)]
    public RetentionResponse Retention => new(previous.Retention);

    [JsonPropertyOrder(2)]
    public MetricsChange Change => new(current.Metrics, previous.Metrics);
}

/// <summary>A total: the metrics over all the windows, listeners as a union.</summary>
public sealed class ShowTotal(Metrics metrics, int tuneIns, int tuneOuts) : MetricsFields(metrics)
{
    public int TuneIns => tuneIns;

    public int TuneOuts => tuneOuts;
}

public sealed class ShowRow(ShowAudience show, bool compare)
{
    public string Show => show.ShowId;

    public string Name => show.Name;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Host => show.Host;

    public int EpisodeCount => show.Episodes.Count;

    public ShowTotal Total => new(show.Total, show.TuneIns, show.TuneOuts);

    public IEnumerable<EpisodeRow> Episodes => show.Episodes.Select(e => new EpisodeRow(e, compare));
}

/// <summary><c>/stats/shows</c>: the shows ranked by the AQH of their total, and the total of all episodes.</summary>
public sealed class ShowsResponse(ShowsReport report, bool compare) : ReportResponse(report.Header)
{
    public string Traffic => report.Traffic;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Daypart => report.Daypart;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Compare => compare ? "previous" : null;

    public IEnumerable<ShowRow> Shows => report.Shows.Select(s => new ShowRow(s, compare));

    public ShowTotal Total => new(report.Total, report.TuneIns, report.TuneOuts);
}
