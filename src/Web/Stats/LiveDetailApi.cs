using Asteroid.Icecast;
using Asteroid.Mounts;
using Asteroid.Reports;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Stats;

/// <summary>What the live page shows besides the counts: <c>/api/asteroid/stats/snapshots</c> (a
/// mount's counts over the last minutes, for sparklines) and <c>/api/asteroid/stats/listeners</c>
/// (who is connected now: place, player, device, for how long — never an IP or a listener key).</summary>
public static class LiveDetailApi
{
    public static IEndpointRouteBuilder MapLiveDetail(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/snapshots", SnapshotsAsync).WithName("GetMountSnapshots").ScopedRead();
        api.MapGet("/stats/listeners", ListenersAsync).WithName("GetMountListeners").ScopedRead();
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<SnapshotPoint>>, ValidationProblem>> SnapshotsAsync(
        string? server, string? mount, int? minutes, IGrainFactory grains, TimeProvider time)
    {
        if (!ServerIds.IsValid(server) || !ReportRules.IsValidMount(mount) || minutes is < 1 or > 1440)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["query"] = ["server, mount (starting with '/') and minutes (1-1440, default 60)"] });
        }

        var since = time.GetUtcNow().AddMinutes(-(minutes ?? 60));
        return TypedResults.Ok(await grains.GetGrain<IReportGrain>(IReportGrain.Key).Snapshots(server!, mount!, since));
    }

    private static async Task<Results<Ok<IEnumerable<ConnectedListener>>, ValidationProblem>> ListenersAsync(
        string? server, string? mount, IGrainFactory grains, TimeProvider time)
    {
        if (!ServerIds.IsValid(server) || !ReportRules.IsValidMount(mount))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["query"] = ["server and mount (starting with '/') are required"] });
        }

        var now = time.GetUtcNow();
        var sessions = await grains.GetGrain<IMountGrain>(MountKey.Format(server!, mount!)).GetSessions();
        return TypedResults.Ok(sessions.OrderBy(s => s.StartedAt).Select(s => new ConnectedListener(
            s.Profile.CountryCode, s.Profile.CountryName, s.Profile.Region, s.Profile.City, s.Profile.Player, s.Profile.Os, s.Profile.Device,
            s.Profile.IsBot, (long)(now - s.StartedAt).TotalSeconds)));
    }
}

/// <summary>One listener connected now, as the live page shows it.</summary>
public sealed record class ConnectedListener(
    string? CountryCode, string? CountryName, string? Region, string? City, string Player, string Os, string Device, bool IsBot, long ConnectedSeconds);
