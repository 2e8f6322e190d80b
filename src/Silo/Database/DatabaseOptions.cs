namespace Asteroid.Silo.Database;

/// <summary>Configuration section <c>Database</c>. The connection string itself is
/// <c>ConnectionStrings:Asteroid</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Asteroid";

    /// <summary>Apply migrations at start-up (default). Turn off where a deployment step migrates.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Create the database first if it does not exist (local runs and tests).</summary>
    public bool CreateDatabase { get; set; }
}
