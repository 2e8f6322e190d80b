using Asteroid.Silo.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Asteroid.Bench.Infrastructure;

/// <summary>A database of the bench's PostgreSQL, created fresh and migrated with the project's own
/// migrations (the same runner src/Web uses at start-up).</summary>
public static class BenchDatabase
{
    public static async Task<NpgsqlDataSource> CreateAsync(BenchSettings settings, string name, CancellationToken ct)
    {
        await using (var admin = NpgsqlDataSource.Create(settings.ConnectionString("postgres")))
        {
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync(ct);
            await using var create = admin.CreateCommand($"CREATE DATABASE {name}");
            await create.ExecuteNonQueryAsync(ct);
        }

        var db = NpgsqlDataSource.Create(settings.ConnectionString(name));
        await new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).ApplyAsync(ct);
        return db;
    }

    /// <summary>Applies the project's migrations that an existing database lacks.</summary>
    public static Task MigrateAsync(NpgsqlDataSource db, CancellationToken ct) =>
        new MigrationRunner(db, NullLogger<MigrationRunner>.Instance).ApplyAsync(ct);

    public static async Task<long> CountAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }
}
