namespace Asteroid;

/// <summary>Configuration section <c>Orleans:KeepAlive</c>: the reminder that brings server and mount
/// grains back after a deactivation or a silo restart. Orleans refuses periods under one minute
/// unless <c>ReminderOptions.MinimumReminderPeriod</c> is lowered (tests do).</summary>
public sealed class KeepAliveOptions
{
    public const string Section = "Orleans:KeepAlive";

    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
