using System.Diagnostics;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Asteroid.IntegrationTests.Deploy;

/// <summary>The output of <c>kubectl kustomize deploy/k8s</c>, parsed: the objects as YAML maps, with
/// the few look-ups the process test needs (Deployments, the Job, generated ConfigMap and Secret).</summary>
public sealed class RenderedManifests
{
    private readonly List<Dictionary<object, object>> _objects;

    private RenderedManifests(List<Dictionary<object, object>> objects) => _objects = objects;

    public static async Task<RenderedManifests> RenderAsync()
    {
        var info = new ProcessStartInfo("kubectl") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "deploy", "k8s"));
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start kubectl");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize deploy/k8s failed: {await errors}");
        }

        return Parse(await output);
    }

    public static RenderedManifests Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize<Dictionary<object, object>>(parser) is { } document)
            {
                objects.Add(document);
            }
        }

        return new RenderedManifests(objects);
    }

    public IEnumerable<Dictionary<object, object>> OfKind(string kind) => _objects.Where(o => Str(o, "kind") == kind);

    public Dictionary<object, object> Get(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => Str(Map(o, "metadata"), "name") == name)
        ?? throw new InvalidOperationException($"no {kind} {name} in the rendered manifests");

    /// <summary>The pod template's spec of a Deployment or Job.</summary>
    public static Dictionary<object, object> PodSpec(Dictionary<object, object> workload) => Map(Map(Map(workload, "spec"), "template"), "spec");

    /// <summary>Key → value of a ConfigMap (data) or Secret (base64 data, decoded).</summary>
    public IReadOnlyDictionary<string, string> Values(string kind, string name)
    {
        var data = Map(Get(kind, name), "data");
        return data.ToDictionary(e => (string)e.Key, e => kind == "Secret" ? Encoding.UTF8.GetString(Convert.FromBase64String((string)e.Value)) : (string)e.Value);
    }

    public static Dictionary<object, object> Map(Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is Dictionary<object, object> child ? child : new Dictionary<object, object>();

    public static List<object> List(Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is List<object> list ? list : [];

    public static string? Str(Dictionary<object, object> map, string key) => map.TryGetValue(key, out var value) ? value as string : null;
}
