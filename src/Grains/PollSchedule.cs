namespace Asteroid;

/// <summary>How a server or mount grain keeps polling: a grain timer does the work every poll
/// interval (first tick at once; <c>KeepAlive</c>, so the grain stays active while it polls), and one
/// keep-alive reminder brings the grain back after a deactivation or a silo restart (reminders
/// cannot tick faster than a minute, and a missed or repeated tick is harmless). The grain decides
/// when each starts and stops; this holds the two handles. Call only from the grain's own turns.</summary>
public sealed class PollSchedule(IGrainBase grain, Func<CancellationToken, Task> poll, TimeSpan reminderPeriod)
{
    /// <summary>The reminder's name: stored reminder rows are keyed by it, so it never changes.</summary>
    public const string ReminderName = "keep-alive";

    private IGrainTimer? _timer;
    private TimeSpan _period;

    /// <summary>Whether the timer runs (false after <see cref="StopTimer"/>: a poll in flight can see
    /// that it was stopped meanwhile).</summary>
    public bool IsPolling => _timer is not null;

    /// <summary>Starts the timer, or restarts it when the period changed; a timer already running at
    /// <paramref name="period"/> is left alone (no extra tick).</summary>
    public void Start(TimeSpan period)
    {
        if (_timer is not null && _period == period)
        {
            return;
        }

        _timer?.Dispose();
        _period = period;
        _timer = grain.RegisterGrainTimer(poll, new GrainTimerCreationOptions(TimeSpan.Zero, period) { KeepAlive = true });
    }

    public void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Registers the reminder (or updates its period).</summary>
    public Task KeepAliveAsync() => grain.RegisterOrUpdateReminder(ReminderName, reminderPeriod, reminderPeriod);

    /// <summary>Unregisters the reminder, if there is one.</summary>
    public async Task StopKeepAliveAsync()
    {
        if (await grain.GetReminder(ReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
