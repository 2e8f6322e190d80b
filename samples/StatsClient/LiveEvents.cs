using Asteroid.Events;
using Orleans.Streams;

namespace Asteroid.Samples.StatsClient;

/// <summary>Follows the cluster's live events as an Orleans client: every mount's status and count
/// changes and every session start and end (<see cref="AsteroidStreams"/>). Events are notification:
/// one can be lost or, rarely, repeated (key sessions by their id); read the numbers from the grains
/// or the HTTP API when they must be exact.</summary>
public sealed class LiveEvents(IClusterClient client)
{
    public async Task<IAsyncDisposable> SubscribeAsync(Func<MountEvent, Task> onMount, Func<SessionEvent, Task> onSession)
    {
        var provider = client.GetStreamProvider(AsteroidStreams.Provider);
        var mounts = await provider.GetStream<MountEvent>(AsteroidStreams.Mounts).SubscribeAsync((e, _) => onMount(e));
        var sessions = await provider.GetStream<SessionEvent>(AsteroidStreams.Sessions).SubscribeAsync((e, _) => onSession(e));
        return new Subscription(mounts.UnsubscribeAsync, sessions.UnsubscribeAsync);
    }

    /// <summary>Prints every event until <paramref name="stop"/> (Ctrl-C).</summary>
    public static async Task PrintAsync(IClusterClient client, CancellationToken stop)
    {
        await using var subscription = await new LiveEvents(client).SubscribeAsync(e => Print(Describe(e)), e => Print(Describe(e)));
        Console.WriteLine("following the live events (Ctrl-C stops)");
        await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static Task Print(string line)
    {
        Console.WriteLine(line);
        return Task.CompletedTask;
    }

    public static string Describe(MountEvent e) => e switch
    {
        MountStatusChanged s => $"{s.At:O}\t{s.Server}{s.Mount}\tstatus {s.PreviousStatus} -> {s.Status}{(s.Detail is null ? "" : $" ({s.Detail})")}",
        MountCountChanged c => $"{c.At:O}\t{c.Server}{c.Mount}\tlisteners {c.PreviousListeners?.ToString() ?? "?"} -> {c.Listeners}",
        _ => $"{e.At:O}\t{e.Server}{e.Mount}\t{e.GetType().Name}", // a kind this sample does not know yet
    };

    public static string Describe(SessionEvent e) => e.Finished is { } f
        ? $"{f.EndedAt:O}\t{f.Server}{f.Mount}\tsession ended\t{f.SessionId}\t{f.DurationSeconds} s\t{f.Profile.Player}\t{f.Profile.CountryCode ?? "-"}"
        : $"{e.Started!.StartedAt:O}\t{e.Server}{e.Mount}\tsession started\t{e.SessionId}\t{e.Started.Profile.Player}\t{e.Started.Profile.CountryCode ?? "-"}";

    /// <summary>Unsubscribes both (a client that just goes away is unsubscribed by the silos when
    /// they find it gone).</summary>
    private sealed class Subscription(params Func<Task>[] unsubscribe) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await Task.WhenAll(unsubscribe.Select(u => u()));
            }
            catch (Exception)
            {
                // the client is already stopping: the silos drop its subscriptions when they find it gone
            }
        }
    }
}
