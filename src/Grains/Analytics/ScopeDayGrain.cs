using Asteroid.Retention;
using Asteroid.Stations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Analytics;

/// <summary>What the day grain and the geo grain of a scope and day share: on activation the day
/// is rebuilt from the raw sessions (so a silo crash loses nothing the raw log has); sessions are
/// then added incrementally, open ones kept aside for the live view, and the row is written on a
/// debounce (at most every few seconds), not per session. A day that began before the raw retention whose
/// row exists is frozen: it has no raw sessions left to rebuild from, and its stored numbers stay
/// as they are.</summary>
public abstract partial class ScopeDayGrain<TDay>(StationResolver stations, IOptions<RetentionOptions> retention, TimeProvider time, ILogger logger)
    : Grain
    where TDay : class, IDayAccumulator<TDay>
{
    private static readonly TimeSpan Debounce = TimeSpan.FromSeconds(2);

    private TDay _day = null!;
    private bool _frozen;
    private bool _dirty;
    private IGrainTimer? _flushTimer;
    private IGrainTimer? _keepAlive;
    private readonly Dictionary<Guid, SessionFact> _open = [];
    private long _version;
    private (long Version, object Answer)? _live;

    protected Scope Scope { get; private set; }

    /// <summary>The stations and groups of this silo (the scope's zone and members).</summary>
    protected StationResolver Stations => stations;

    protected int OpenSessions => _open.Count;

    /// <summary>The listeners of the open sessions the live view counts as qualifying so far, each
    /// with its earliest such start (<see cref="OpenNewListeners"/>).</summary>
    protected List<OpenListenerStart> OpenQualifying() => OpenNewListeners.Qualifying(_open.Values, time.GetUtcNow().ToUnixTimeSeconds());

    /// <summary>A new, empty day.</summary>
    protected abstract TDay Create(DayWindow window);

    /// <summary>Whether the scope's row for the date exists.</summary>
    protected abstract Task<bool> StoredAsync(DateOnly date, CancellationToken ct);

    /// <summary>The raw sessions the day is rebuilt from.</summary>
    protected abstract Task<IReadOnlyList<SessionFact>> LoadRawAsync(DayWindow window, CancellationToken ct);

    protected abstract Task SaveAsync(TDay day);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (Scope, var date) = Scope.ParseGrainKey(this.GetPrimaryKeyString());
        var zone = await stations.ZoneOfAsync(Scope);
        var window = DayWindow.For(date, zone);
        _frozen = retention.Value.RawMayBePruned(window.Start, time.GetUtcNow()) && await StoredAsync(date, cancellationToken);
        _day = await BuildFromRawAsync(window, cancellationToken);
        if (!_frozen && _day.SessionCount > 0)
        {
            MarkDirty(); // what the raw log holds may be newer than the stored row (a crash, a lost batch)
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await Flush();

    public Task Add(Immutable<SessionFact[]> sessions)
    {
        if (_frozen)
        {
            LogFrozen(Scope.ToString(), _day.Day.Date, sessions.Value.Length);
            return Task.CompletedTask;
        }

        _version++;
        foreach (var fact in sessions.Value)
        {
            _open.Remove(fact.SessionId);
            if (_day.Add(fact))
            {
                MarkDirty();
            }
        }

        UpdateKeepAlive();
        return Task.CompletedTask;
    }

    public Task AddOpen(Immutable<SessionFact[]> sessions)
    {
        _version++;
        foreach (var fact in sessions.Value.Where(f => !_day.Contains(f.SessionId)))
        {
            _open[fact.SessionId] = fact;
        }

        UpdateKeepAlive();
        return Task.CompletedTask;
    }

    public Task<int> Rebuild() => RebuildAsync(LoadRawAsync);

    /// <summary>Recomputes the day from the sessions <paramref name="load"/> gives, replaces the live
    /// view with it and stores it.</summary>
    protected async Task<int> RebuildAsync(Func<DayWindow, CancellationToken, Task<IReadOnlyList<SessionFact>>> load)
    {
        _day = await BuildFromRawAsync(DayWindow.For(_day.Day.Date, await stations.ZoneOfAsync(Scope)), CancellationToken.None, load);
        _version++;
        _frozen = false;
        _dirty = true;
        await Flush();
        return _day.SessionCount;
    }

    public async Task Flush()
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        if (_dirty && !_frozen)
        {
            try
            {
                await SaveAsync(_day);
                _dirty = false;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or IOException)
            {
                LogSaveFailed(ex, Scope.ToString(), _day.Day.Date);
                MarkDirty(); // PostgreSQL is away: keep the changes and try again after the debounce
            }
        }
    }

    /// <summary>The live answer built by <paramref name="build"/> from <see cref="LiveView"/>, built
    /// again only when a session was added since (reports over long ranges ask for the same live days
    /// on every request). While sessions are open the view counts them up to now, so it is built every time.</summary>
    protected T Live<T>(Func<TDay, T> build)
        where T : class
    {
        if (_open.Count == 0 && _live is { } cached && cached.Version == _version)
        {
            return (T)cached.Answer;
        }

        var answer = build(LiveView());
        _live = _open.Count == 0 ? (_version, answer) : null;
        return answer;
    }

    /// <summary>The day with the open sessions counted up to now (the kept day itself when none are open).</summary>
    protected TDay LiveView()
    {
        if (_open.Count == 0)
        {
            return _day;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var view = _day.Clone();
        foreach (var open in _open.Values)
        {
            view.AddOpen(open with { End = Math.Max(open.Start, now) });
        }

        return view;
    }

    /// <summary>A day with open sessions stays active (their starts are only in memory; a silo
    /// restart re-sends them when the mounts re-attach their sessions).</summary>
    private void UpdateKeepAlive()
    {
        if (_open.Count > 0)
        {
            _keepAlive ??= this.RegisterGrainTimer(_ => Task.CompletedTask, new GrainTimerCreationOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)) { KeepAlive = true });
        }
        else
        {
            _keepAlive?.Dispose();
            _keepAlive = null;
        }
    }

    private void MarkDirty()
    {
        _dirty = true;
        _flushTimer ??= this.RegisterGrainTimer(FlushOnTimerAsync, new GrainTimerCreationOptions(Debounce, Timeout.InfiniteTimeSpan));
    }

    private Task FlushOnTimerAsync(CancellationToken ct) => Flush();

    private async Task<TDay> BuildFromRawAsync(DayWindow window, CancellationToken ct,
        Func<DayWindow, CancellationToken, Task<IReadOnlyList<SessionFact>>>? load = null)
    {
        var day = Create(window);
        foreach (var fact in await (load ?? LoadRawAsync)(window, ct))
        {
            day.Add(fact);
        }

        return day;
    }

    [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "{Scope} {Date}: the aggregate could not be written; retrying")]
    private partial void LogSaveFailed(Exception exception, string scope, DateOnly date);

    [LoggerMessage(EventId = 1800, Level = LogLevel.Warning, Message = "{Scope} {Date}: {Count} sessions for a day older than Retention:RawDays whose aggregate is kept as it is; they are in the raw log only until retention removes them")]
    private partial void LogFrozen(string scope, DateOnly date, int count);
}
