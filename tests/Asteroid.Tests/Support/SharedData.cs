namespace Asteroid.Tests.Support;

/// <summary>Finds <c>../shared</c> (recorded Icecast samples, GeoIP test databases) from the test
/// binaries: the folder beside the repository root, or ASTEROID_SHARED.</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    public static string Sample(string name) => Path("icecast", "samples", name);

    public static IEnumerable<string> Samples(string pattern) =>
        Directory.EnumerateFiles(Path("icecast", "samples"), pattern).Order(StringComparer.Ordinal);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("ASTEROID_SHARED") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "icecast", "samples");
            if (Directory.Exists(candidate))
            {
                return System.IO.Path.Combine(dir.FullName, "shared");
            }
        }

        throw new DirectoryNotFoundException("../shared not found beside the repository; set ASTEROID_SHARED");
    }
}
