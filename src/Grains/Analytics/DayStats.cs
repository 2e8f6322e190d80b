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

    /// <summary>Sessions of 0 s started on the day (gross only: net never counts them as sessions):
    /// started, but active at no second, so a range's activeSessions leaves them out.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long InstantSessions { get; init; }

    /// <summary>dimension (country, city, player, os, device, mount) → value → cell.</summary>
    public required IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> Breakdowns { get; init; }

    [JsonIgnore]
    public ListenerSet Listeners { get; init; } = ListenerSet.Empty;

    /// <summary>The day's gross traffic (every session); null on a row written before gross
    /// existed (migration 0013): unknown, never the net numbers. Stored in a column of its own
    /// (<see cref="DayStatsCodec.ToStorage"/>), so absent from the net row's JSON.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GrossDay? Gross { get; init; }

    /// <summary>In a gross view (<see cref="AsGross"/>): the listeners gross traffic adds to
    /// <see cref="Listeners"/>; the day's distinct listeners are the union of both.</summary>
    [JsonIgnore]
    public ListenerSet ExtraListeners { get; init; } = ListenerSet.Empty;

    /// <summary>In a gross view: the cells of the sessions net traffic leaves out, to be counted
    /// with <see cref="Breakdowns"/> (cells add: sums and listener-set unions).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>? ExtraBreakdowns { get; init; }

    public int Minutes => (int)((End - Start) / 60);

    /// <summary>The day as <paramref name="traffic"/> counts it; null for gross when the row has no gross part.</summary>
    public DayStats? For(Traffic traffic) => traffic == Traffic.Net ? this : AsGross();

    /// <summary>The gross numbers in the shape of a day (the listener sets and cells as net plus extras).</summary>
    public DayStats? AsGross() => Gross is not { } g ? null : this with
    {
        Totals = g.Totals,
        Hours = g.Hours,
        QuarterCounts = g.QuarterCounts,
        SessionLengths = g.SessionLengths,
        CarriedIn = g.CarriedIn,
        InstantSessions = g.InstantSessions,
        ExtraListeners = g.ExtraListeners,
        ExtraBreakdowns = g.ExtraBreakdowns,
        Gross = null,
    };
}

/// <summary>A day's gross traffic: its own counts (AQH, peaks, hour uniques do not add up, so they
/// are kept whole), and only what the extra sessions (bots, under 60 s) add to the net listener set
/// and breakdown cells, so a stored row stays small.</summary>
public sealed record class GrossDay
{
    public required PeriodCounts Totals { get; init; }
    public required PeriodCounts[] Hours { get; init; }
    public required int[] QuarterCounts { get; init; }
    public required long[] SessionLengths { get; init; }
    public required long CarriedIn { get; init; }

    /// <summary>Sessions of 0 s started on the day (counted in sessions, active at no second).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long InstantSessions { get; init; }

    /// <summary>Listeners of the day's gross traffic that have no net listening on it.</summary>
    [JsonIgnore]
    public ListenerSet ExtraListeners { get; init; } = ListenerSet.Empty;

    /// <summary>Player, OS, device and mount cells of the extra sessions only (stored in <c>gross_breakdowns</c>).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> ExtraBreakdowns { get; init; } =
        new Dictionary<string, Dictionary<string, BreakdownCell>>();
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
