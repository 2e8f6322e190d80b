using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

namespace Asteroid.Enrichment;

/// <summary>Configuration section <c>UserAgents</c>: where the npm data files are (copied next to the
/// binaries by the build).</summary>
public sealed class UserAgentOptions
{
    public const string Section = "UserAgents";

    public string RegexesPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "ua", "regexes.yaml");

    public string CrawlersPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "ua", "crawler-user-agents.json");
}

/// <summary>User agent → player, OS, device type and bot flag, from the project's radio-player table,
/// ua-parser's <c>regexes.yaml</c> (uap-core) and <c>crawler-user-agents</c>. Rules are compiled once;
/// results are cached per distinct user agent. Every regex has a match timeout: listeners choose
/// their user agent, so a pathological one must not stall a silo.</summary>
public sealed partial class UserAgentClassifier
{
    private const int CacheLimit = 100_000;
    private const int MaxLength = 512;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    private readonly List<(Regex Regex, string? Replacement)> _browsers = [];
    private readonly List<(Regex Regex, string? Replacement)> _systems = [];
    private readonly List<(Regex Regex, string? Replacement)> _devices = [];
    private readonly Regex? _crawlers;
    private readonly ConcurrentDictionary<string, UserAgentInfo> _cache = new(StringComparer.Ordinal);

    public UserAgentClassifier(IOptions<UserAgentOptions> options, ILogger<UserAgentClassifier> logger)
    {
        var o = options.Value;
        var skipped = 0;
        if (File.Exists(o.RegexesPath))
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(o.RegexesPath))
            {
                yaml.Load(reader);
            }

            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            skipped += Load(root, "user_agent_parsers", "family_replacement", _browsers);
            skipped += Load(root, "os_parsers", "os_replacement", _systems);
            skipped += Load(root, "device_parsers", "device_replacement", _devices);
        }
        else
        {
            LogMissing(logger, o.RegexesPath);
        }

        if (File.Exists(o.CrawlersPath))
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(o.CrawlersPath));
            var patterns = json.RootElement.EnumerateArray().Select(e => e.GetProperty("pattern").GetString()!)
                .Where(p => IsValid(p, RegexOptions.None))
                .Select(p => "(?:" + p + ")");
            // One alternation of a few hundred literal-ish patterns; the match timeout bounds it.
            _crawlers = new Regex(string.Join('|', patterns), RegexOptions.CultureInvariant, MatchTimeout);
        }
        else
        {
            LogMissing(logger, o.CrawlersPath);
        }

        LogLoaded(logger, _browsers.Count, _systems.Count, _devices.Count, skipped);
    }

    public UserAgentInfo Classify(string? userAgent)
    {
        var key = string.IsNullOrWhiteSpace(userAgent) ? "Unknown" : userAgent.Length > MaxLength ? userAgent[..MaxLength] : userAgent;
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var info = ClassifyUncached(key);
        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear(); // a flood of distinct agents must not grow memory without bound
        }

        _cache[key] = info;
        return info;
    }

    private UserAgentInfo ClassifyUncached(string agent)
    {
        if (agent == "Unknown" || agent == "-")
        {
            return new UserAgentInfo("Unknown", "Unknown", "other", false);
        }

        var os = FirstMatch(_systems, agent) ?? "Other";
        var radio = RadioPlayers.Rules.FirstOrDefault(r => Matches(r.Pattern, agent));
        if (radio is not null)
        {
            return new UserAgentInfo(radio.Player, os, radio.IsBot ? "bot" : RadioDevice(radio, os, agent), radio.IsBot);
        }

        var deviceFamily = FirstMatch(_devices, agent);
        var browser = FirstMatch(_browsers, agent) ?? "Other";
        var isBot = deviceFamily == "Spider" || (_crawlers is not null && Matches(_crawlers, agent));
        return new UserAgentInfo(browser, os, isBot ? "bot" : DeviceFromOs(os, agent, deviceFamily), isBot);
    }

    /// <summary>Speakers, TVs and cars are what the rule says; a player app is on whatever device its
    /// OS says, or the rule's usual device when the agent names no OS.</summary>
    private static string RadioDevice(RadioPlayers.Rule rule, string os, string agent)
    {
        if (rule.Device is "smart-speaker" or "tv" or "car")
        {
            return rule.Device;
        }

        var fromOs = DeviceFromOs(os, agent, null);
        return fromOs == "other" ? rule.Device ?? "other" : fromOs;
    }

    private static string DeviceFromOs(string os, string agent, string? deviceFamily)
    {
        if (deviceFamily is "iPad" || agent.Contains("Tablet", StringComparison.OrdinalIgnoreCase))
        {
            return "tablet";
        }

        return os switch
        {
            "iOS" => agent.Contains("iPad", StringComparison.Ordinal) ? "tablet" : "mobile",
            "Android" => agent.Contains("Mobile", StringComparison.Ordinal) || agent.Contains("ExoPlayer", StringComparison.Ordinal) ? "mobile" : "tablet",
            "Windows Phone" or "BlackBerry OS" or "KaiOS" => "mobile",
            "Windows" or "Mac OS X" or "Linux" or "Ubuntu" or "Chrome OS" or "FreeBSD" or "Fedora" or "Debian" => "desktop",
            _ => "other",
        };
    }

    private static string? FirstMatch(List<(Regex Regex, string? Replacement)> rules, string agent)
    {
        foreach (var (regex, replacement) in rules)
        {
            Match match;
            try
            {
                match = regex.Match(agent);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (!match.Success)
            {
                continue;
            }

            var value = replacement is null
                ? (match.Groups.Count > 1 ? match.Groups[1].Value : match.Value)
                : ReplacementGroup().Replace(replacement, g => match.Groups[int.Parse(g.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Value);
            value = value.Trim();
            return value.Length == 0 ? null : value;
        }

        return null;
    }

    private static bool Matches(Regex regex, string agent)
    {
        try
        {
            return regex.IsMatch(agent);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static int Load(YamlMappingNode root, string section, string replacementKey, List<(Regex, string?)> into)
    {
        var skipped = 0;
        foreach (var node in ((YamlSequenceNode)root.Children[new YamlScalarNode(section)]).Children.Cast<YamlMappingNode>())
        {
            var pattern = ((YamlScalarNode)node.Children[new YamlScalarNode("regex")]).Value!;
            var options = RegexOptions.CultureInvariant;
            if (node.Children.TryGetValue(new YamlScalarNode("regex_flag"), out var flag) && ((YamlScalarNode)flag).Value == "i")
            {
                options |= RegexOptions.IgnoreCase;
            }

            string? replacement = node.Children.TryGetValue(new YamlScalarNode(replacementKey), out var r) ? ((YamlScalarNode)r).Value : null;
            if (IsValid(pattern, options))
            {
                into.Add((new Regex(pattern, options, MatchTimeout), replacement));
            }
            else
            {
                skipped++;
            }
        }

        return skipped;
    }

    private static bool IsValid(string pattern, RegexOptions options)
    {
        try
        {
            _ = new Regex(pattern, options | RegexOptions.CultureInvariant);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\$(\d)")]
    private static partial Regex ReplacementGroup();

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "User agents: {Browsers} browser, {Systems} OS and {Devices} device rules loaded ({Skipped} not valid in .NET, skipped)")]
    private static partial void LogLoaded(ILogger logger, int browsers, int systems, int devices, int skipped);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "User-agent data file {Path} not found: players, OS and bots are classified by the radio-player table only")]
    private static partial void LogMissing(ILogger logger, string path);
}
