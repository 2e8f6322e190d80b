namespace Asteroid;

/// <summary>Names of the Orleans storage providers the grains use.</summary>
public static class StorageNames
{
    /// <summary>ADO.NET grain storage on PostgreSQL.</summary>
    public const string Default = "asteroid";
}
