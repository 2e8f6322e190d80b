using System.Text.Json.Serialization;

namespace Asteroid.Analytics;

/// <summary>Everything the reports need about one scope (station or mount) on one local day, as
/// computed by <see cref="DayAggregator"/> and persisted in <c>daily_stats</c>. Counts and
/// listener sets are exact (whatever the raw-session retention). Immutable:
/// a changed day (another listener set, no breakdowns) is a copy made with <c>with</c>.</summary>
public sealed record class DayStats
{
    public required DateOnly Date { get; init; }
    public required string TimeZone { get; init; }
    public required long Start { get; init; }
    public required long End { get; init; }
    public required PeriodCounts Totals { get; init; }
    public required PeriodCounts[] Hours { get; init; }
    /// <summary>Listeners with at least 5 minutes of qualifying listening, per quarter hour.</summary>
    public required int[] QuarterCounts { get; init; }
    public required long[] SessionLengths { get; init; }
    /// <summary>Qualifying sessions that started before the day and still ran at its start.</summary>
    public required long CarriedIn { get; init; }
    /// <summary>dimension (country, city, player, os, device, mount) → value → cell.</summary>
    public required IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> Breakdowns { get; init; }

    [JsonIgnore]
    public ListenerSet Listeners { get; init; } = ListenerSet.Empty;

    public int Minutes => (int)((End - Start) / 60);
}

/// <summary>One breakdown value on one day: qualifying sessions started, listening seconds, and the listeners.</summary>
public sealed class BreakdownCell
{
    public long Sessions { get; init; }
    public long ListenSeconds { get; init; }

    [JsonIgnore]
    public ListenerSet Listeners { get; init; } = ListenerSet.Empty;

    /// <summary>Serialized <see cref="Listeners"/> (persisted with the cell).</summary>
    public byte[] ListenerBytes
    {
        get => Listeners.Serialize();
        init => Listeners = ListenerSet.Deserialize(value);
    }
}
