using System.Diagnostics;

namespace Asteroid.IntegrationTests.Deploy;

/// <summary>The output of <c>scripts/publish.sh</c>, what deploy/docker/Dockerfile copies into the
/// images: <c>ASTEROID_PUBLISH_DIR</c> when ./test.sh has published already, otherwise published
/// here into artifacts/publish.</summary>
public sealed class PublishedHosts : IAsyncLifetime
{
    public string Directory { get; private set; } = "";

    public string Web => Path.Combine(Directory, "web");

    public string Silo => Path.Combine(Directory, "silo");

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("ASTEROID_PUBLISH_DIR") is { Length: > 0 } published)
        {
            Directory = published;
        }
        else
        {
            Directory = Path.Combine(RepoPaths.Root, "artifacts", "publish");
            var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(RepoPaths.Script("publish.sh"));
            info.ArgumentList.Add(Directory);
            using var publish = Process.Start(info)!;
            var errors = publish.StandardError.ReadToEndAsync();
            _ = publish.StandardOutput.ReadToEndAsync();
            await publish.WaitForExitAsync();
            Assert.True(publish.ExitCode == 0, $"scripts/publish.sh failed: {await errors}");
        }

        Assert.True(File.Exists(Path.Combine(Web, "Asteroid.Web.dll")), $"{Web} holds the published web host");
        Assert.True(File.Exists(Path.Combine(Silo, "Asteroid.Silo.dll")), $"{Silo} holds the published silo host");
    }

    /// <summary>Every file of the published folders with its size and time: the images' /app, which a
    /// read-only root file system never lets a host write.</summary>
    public string[] Snapshot() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(Directory, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")];

    public Task DisposeAsync() => Task.CompletedTask;
}
