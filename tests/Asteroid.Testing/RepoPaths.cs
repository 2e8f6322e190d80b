namespace Asteroid.Testing;

public static class RepoPaths
{
    private static readonly Lazy<string> RootDir = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Asteroid.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (Asteroid.Orleans.sln) not found");
    });

    public static string Root => RootDir.Value;

    public static string Script(string name) => Path.Combine(Root, "scripts", name);
}
