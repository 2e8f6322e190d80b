namespace Asteroid;

/// <summary>Reminder helpers shared by the grains that keep themselves alive with one.</summary>
public static class GrainReminderExtensions
{
    public static async Task UnregisterReminderIfAnyAsync(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
