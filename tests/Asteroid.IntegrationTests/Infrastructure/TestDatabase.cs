using Npgsql;

namespace Asteroid.IntegrationTests.Infrastructure;

/// <summary>A fresh database on the PostgreSQL server that ./test.sh starts (ASTEROID_TEST_PG),
/// so every test class is isolated. Dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string server, string name)
    {
        Server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 40 }.ConnectionString;
    }

    public string Server { get; }

    public string Name { get; }

    /// <summary>Connection string of this database (it is created by the app's migration step).</summary>
    public string ConnectionString { get; }

    /// <summary>A fresh database on another server (a dedicated PostgreSQL a test may stop).</summary>
    public static TestDatabase Create(string server) => new(server, "asteroid_test_" + Guid.NewGuid().ToString("N")[..12]);

    public static TestDatabase Create()
    {
        var server = Environment.GetEnvironmentVariable("ASTEROID_TEST_PG");
        if (string.IsNullOrEmpty(server))
        {
            throw new InvalidOperationException(
                "ASTEROID_TEST_PG is not set: run the integration tests through ./test.sh, which starts PostgreSQL " +
                "(or set it to a connection string of a server where this user may create databases).");
        }

        return new TestDatabase(server, "asteroid_test_" + Guid.NewGuid().ToString("N")[..12]);
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull or null ? default! : (T)result;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
