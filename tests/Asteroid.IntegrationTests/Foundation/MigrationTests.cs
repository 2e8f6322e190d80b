using Asteroid.Silo.Database;
using Asteroid.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Asteroid.IntegrationTests.Foundation;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();

    public Task InitializeAsync() => MigrationRunner.EnsureDatabaseExistsAsync(_database.ConnectionString, default);

    [Fact]
    public async Task Migrations_apply_once_and_a_second_run_changes_nothing()
    {
        await using var source = NpgsqlDataSource.Create(_database.ConnectionString);
        var runner = new MigrationRunner(source, NullLogger<MigrationRunner>.Instance);

        var first = await runner.ApplyAsync(default);
        var second = await runner.ApplyAsync(default);

        Assert.Equal(MigrationRunner.Migrations.Count, first);
        Assert.Equal(0, second);
        Assert.Equal(first, await _database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Concurrent_silos_starting_together_apply_each_migration_once()
    {
        await using var source = NpgsqlDataSource.Create(_database.ConnectionString);

        var counts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            new MigrationRunner(source, NullLogger<MigrationRunner>.Instance).ApplyAsync(default)));

        Assert.Equal(MigrationRunner.Migrations.Count, counts.Sum());
    }

    [Fact]
    public async Task Every_query_the_orleans_providers_require_is_installed()
    {
        await using var source = NpgsqlDataSource.Create(_database.ConnectionString);
        await new MigrationRunner(source, NullLogger<MigrationRunner>.Instance).ApplyAsync(default);

        string[] required =
        [
            // clustering
            "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
            "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
            // grain storage
            "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
            // reminders
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        var installed = await _database.ScalarAsync<string[]>("SELECT array_agg(QueryKey ORDER BY QueryKey) FROM OrleansQuery");

        Assert.Equal(required.Order(StringComparer.Ordinal), installed);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
