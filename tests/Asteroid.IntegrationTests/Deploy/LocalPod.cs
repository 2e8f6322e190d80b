using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using static Asteroid.IntegrationTests.Deploy.RenderedManifests;

namespace Asteroid.IntegrationTests.Deploy;

/// <summary>One pod of a rendered Deployment or Job, run on this machine as a container runtime
/// would run it: each container's command and arguments, its environment built the Kubernetes way
/// (the image's variables, then <c>envFrom</c> ConfigMaps and Secrets, then <c>env</c> with
/// <c>$(VAR)</c> expansion and the downward API: POD_IP is a loopback address, POD_NAME the pod's
/// name), each volume a folder of its own at the container paths it is mounted on, and the image's
/// files (<c>/app</c>: the published folder) at theirs. The substitutions, both steps of
/// deploy/k8s/README.md that an operator does before applying: the Secret's connection string becomes
/// the test's database, and its placeholder admin hash (deliberately not a valid hash, so that a
/// Secret applied unchanged refuses to start instead of admitting a default password) becomes the
/// output of <c>hash-password</c>.</summary>
public sealed partial class LocalPod : IAsyncDisposable
{
    /// <summary>The admin password the substituted hash is made of.</summary>
    public const string AdminPassword = "deploy-test-admin-password";

    /// <summary>What mcr.microsoft.com/dotnet/aspnet:10.0 sets (deploy/docker/Dockerfile adds nothing).</summary>
    private static readonly Dictionary<string, string> DotnetImageEnvironment = new()
    {
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
        ["APP_UID"] = "1654",
    };

    private readonly RenderedManifests _manifests;
    private readonly Dictionary<object, object> _spec;
    private readonly Func<string, IReadOnlyDictionary<string, string>> _imageFiles;
    private readonly string _connectionString;
    private readonly string _root;
    private readonly List<ContainerProcess> _running = [];

    public LocalPod(RenderedManifests manifests, Dictionary<object, object> workload, string name, string ip,
        Func<string, IReadOnlyDictionary<string, string>> imageFiles, string connectionString)
    {
        _manifests = manifests;
        _spec = PodSpec(workload);
        _imageFiles = imageFiles;
        _connectionString = connectionString;
        Name = name;
        Ip = ip;
        _root = Path.Combine(Path.GetTempPath(), "asteroid-pod-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var volume in List(_spec, "volumes").Cast<Dictionary<object, object>>())
        {
            Directory.CreateDirectory(VolumeDirectory(Str(volume, "name")!));
        }

        Directory.CreateDirectory(Path.Combine(_root, "home"));
    }

    public string Name { get; }

    public string Ip { get; }

    public int TerminationGracePeriodSeconds => int.Parse(Str(_spec, "terminationGracePeriodSeconds") ?? "30", CultureInfo.InvariantCulture);

    public IEnumerable<Dictionary<object, object>> InitContainers => List(_spec, "initContainers").Cast<Dictionary<object, object>>();

    public Dictionary<object, object> Container(int index = 0) => (Dictionary<object, object>)List(_spec, "containers")[index];

    public string VolumeDirectory(string volume) => Path.Combine(_root, "volumes", volume);

    /// <summary>Runs every init container in order; each must exit with 0.</summary>
    public async Task RunInitContainersAsync()
    {
        foreach (var init in InitContainers)
        {
            await using var process = Start(init);
            var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, $"init container {Str(init, "name")} of {Name} exited with {exit}: {process.RecentOutput()}");
        }
    }

    public ContainerProcess Start(Dictionary<object, object> container)
    {
        var paths = PathMap(container);
        var command = List(container, "command").Concat(List(container, "args")).Cast<string>().Select(a => MapPath(a, paths)).ToList();
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = paths.TryGetValue("/app", out var app) ? app : _root,
        };
        command.Skip(1).ToList().ForEach(info.ArgumentList.Add);
        var path = Environment.GetEnvironmentVariable("PATH");
        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        info.Environment.Clear();
        info.Environment["PATH"] = path;
        if (dotnetRoot is not null)
        {
            info.Environment["DOTNET_ROOT"] = dotnetRoot;
        }

        info.Environment["HOME"] = Path.Combine(_root, "home");
        foreach (var (key, value) in ContainerEnvironment(container))
        {
            info.Environment[key] = MapPath(value, paths);
        }

        var process = new ContainerProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}"), Str(container, "name")!);
        _running.Add(process);
        return process;
    }

    /// <summary>The container's environment as the kubelet builds it (before paths are mapped).</summary>
    public Dictionary<string, string> ContainerEnvironment(Dictionary<object, object> container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Str(container, "image")?.Contains("asteroid-geoip", StringComparison.Ordinal) != true)
        {
            foreach (var (key, value) in DotnetImageEnvironment)
            {
                env[key] = value;
            }
        }

        foreach (var source in List(container, "envFrom").Cast<Dictionary<object, object>>())
        {
            var (kind, reference) = source.ContainsKey("secretRef") ? ("Secret", Map(source, "secretRef")) : ("ConfigMap", Map(source, "configMapRef"));
            foreach (var (key, value) in _manifests.Values(kind, Str(reference, "name")!))
            {
                env[key] = value;
            }
        }

        foreach (var entry in List(container, "env").Cast<Dictionary<object, object>>())
        {
            var name = Str(entry, "name")!;
            if (Str(entry, "value") is { } value)
            {
                env[name] = VariableReference().Replace(value, m => env.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
                continue;
            }

            var from = Map(entry, "valueFrom");
            env[name] = Str(Map(from, "fieldRef"), "fieldPath") switch
            {
                "status.podIP" => Ip,
                "metadata.name" => Name,
                null when from.ContainsKey("secretKeyRef") => _manifests.Values("Secret", Str(Map(from, "secretKeyRef"), "name")!)[Str(Map(from, "secretKeyRef"), "key")!],
                null when from.ContainsKey("configMapKeyRef") => _manifests.Values("ConfigMap", Str(Map(from, "configMapKeyRef"), "name")!)[Str(Map(from, "configMapKeyRef"), "key")!],
                var other => throw new NotSupportedException($"env {name}: valueFrom {other} is not emulated"),
            };
        }

        if (env.ContainsKey("ConnectionStrings__Asteroid"))
        {
            env["ConnectionStrings__Asteroid"] = _connectionString; // the test's PostgreSQL instead of the Secret's placeholder host
        }

        if (env.TryGetValue("Auth__Admins__0__PasswordHash", out var hash) && !Web.Auth.PasswordHash.IsWellFormed(hash))
        {
            env["Auth__Admins__0__PasswordHash"] = Web.Auth.PasswordHash.Create(AdminPassword);
        }

        return env;
    }

    /// <summary>The URL a probe of the container calls (httpGet on a named or numbered port of the pod IP).</summary>
    public Uri ProbeUrl(Dictionary<object, object> container, string probe)
    {
        var get = Map(Map(container, probe), "httpGet");
        Assert.True(get.Count > 0, $"{Str(container, "name")} declares an httpGet {probe}");
        return new Uri($"http://{Ip}:{Port(container, Str(get, "port")!)}{Str(get, "path")}");
    }

    public static int Port(Dictionary<object, object> container, string nameOrNumber) =>
        int.TryParse(nameOrNumber, CultureInfo.InvariantCulture, out var number) ? number
        : int.Parse(Str(List(container, "ports").Cast<Dictionary<object, object>>().Single(p => Str(p, "name") == nameOrNumber), "containerPort")!, CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _running)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private Dictionary<string, string> PathMap(Dictionary<object, object> container)
    {
        var map = new Dictionary<string, string>(_imageFiles(Str(container, "image")!), StringComparer.Ordinal);
        foreach (var mount in List(container, "volumeMounts").Cast<Dictionary<object, object>>())
        {
            map[Str(mount, "mountPath")!] = VolumeDirectory(Str(mount, "name")!);
        }

        return map;
    }

    private static string MapPath(string value, Dictionary<string, string> paths)
    {
        foreach (var (containerPath, hostPath) in paths.OrderByDescending(p => p.Key.Length))
        {
            if (value == containerPath || value.StartsWith(containerPath + "/", StringComparison.Ordinal))
            {
                return hostPath + value[containerPath.Length..];
            }
        }

        return value;
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}

/// <summary>A container's process: its last output lines, graceful stop by SIGTERM (by PID).</summary>
public sealed class ContainerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _recent = new();
    private int _disposed;

    public ContainerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public string RecentOutput()
    {
        lock (_recent)
        {
            return (_process.HasExited ? $"(exit code {_process.ExitCode})\n" : "") + string.Join('\n', _recent);
        }
    }

    /// <summary>The exit code, or null when it is still running after <paramref name="within"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGTERM, as the kubelet sends it; the exit code, or null if still running after the grace period.</summary>
    public async Task<int?> StopAsync(TimeSpan gracePeriod)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(gracePeriod);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // the pod disposes what it started; a test may have disposed it first
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_recent)
        {
            _recent.Enqueue(line.Length > 600 ? line[..600] : line);
            while (_recent.Count > 80)
            {
                _recent.Dequeue();
            }
        }
    }
}
