using Asteroid.Icecast;
using Asteroid.Mounts;
using Npgsql;

namespace Asteroid.Web.Stats;

/// <summary>What the live page shows besides the counts: <c>/api/asteroid/stats/snapshots</c> (a
/// mount's counts over the last minutes, for sparklines) and <c>/api/asteroid/stats/listeners</c>
/// (who is connected now: place, player, device, for how long — never an IP or a listener key).</summary>
public static class LiveDetailApi
{
    public static IEndpointRouteBuilder MapLiveDetail(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/snapshots", async (string? server, string? mount, int? minutes, NpgsqlDataSource db, TimeProvider time) =>
        {
            if (!ServerIds.IsValid(server) || mount is not ['/', ..] || minutes is < 1 or > 1440)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["query"] = ["server, mount (starting with '/') and minutes (1-1440, default 60)"] });
            }

            await using var command = db.CreateCommand(
                "SELECT at, listeners FROM listener_snapshots WHERE server_id = @s AND mount = @m AND at >= @since ORDER BY at");
            command.Parameters.AddWithValue("s", server!);
            command.Parameters.AddWithValue("m", mount);
            command.Parameters.AddWithValue("since", time.GetUtcNow().AddMinutes(-(minutes ?? 60)).UtcDateTime);
            var points = new List<object>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                points.Add(new { at = reader.GetFieldValue<DateTimeOffset>(0), listeners = reader.GetInt32(1) });
            }

            return Results.Ok(points);
        });

        api.MapGet("/stats/listeners", async (string? server, string? mount, IGrainFactory grains, TimeProvider time) =>
        {
            if (!ServerIds.IsValid(server) || mount is not ['/', ..])
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["query"] = ["server and mount (starting with '/') are required"] });
            }

            var now = time.GetUtcNow();
            var sessions = await grains.GetGrain<IMountGrain>(MountKey.Format(server!, mount)).GetSessions();
            return Results.Ok(sessions.OrderBy(s => s.StartedAt).Select(s => new
            {
                countryCode = s.Profile.CountryCode,
                countryName = s.Profile.CountryName,
                region = s.Profile.Region,
                city = s.Profile.City,
                player = s.Profile.Player,
                os = s.Profile.Os,
                device = s.Profile.Device,
                isBot = s.Profile.IsBot,
                connectedSeconds = (long)(now - s.StartedAt).TotalSeconds,
            }));
        });
        return api;
    }
}
