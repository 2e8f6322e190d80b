using System.Globalization;
using System.Text.RegularExpressions;

namespace Asteroid.Servers;

/// <summary>Which Icecast a server is, read from <c>&lt;server_id&gt;</c> of <c>/admin/stats</c>:
/// <c>Icecast 2.4.4</c> (<see cref="Icecast"/>), <c>Icecast 2.5.0</c> or a 2.5 pre-release
/// (<see cref="Icecast25"/>: lower-case <c>listclients</c> fields), <c>Icecast 2.4.0-kh22</c>
/// (<see cref="IcecastKh"/>: the 2.4 names plus <c>&lt;lag&gt;</c> and <c>&lt;Referer&gt;</c>).
/// <c>&lt;server-id&gt;</c> is configurable in icecast.xml, so anything else is <see cref="Unknown"/>
/// (the parsers read every format either way; the kind is shown on the server's status).</summary>
public static partial class IcecastServerKind
{
    public const string Icecast = "icecast";
    public const string Icecast25 = "icecast-2.5";
    public const string IcecastKh = "icecast-kh";
    public const string Unknown = "unknown";

    /// <summary>The kind and the version (<c>2.4.4</c>, <c>2.5.0-rc2</c>, <c>2.4.0-kh22</c>; null when
    /// <paramref name="serverId"/> does not say).</summary>
    public static (string Kind, string? Version) Parse(string? serverId)
    {
        var match = serverId is null ? null : VersionPattern().Match(serverId.Trim());
        if (match is not { Success: true })
        {
            return (Unknown, null);
        }

        var version = match.Groups["version"].Value;
        if (match.Groups["kh"].Success)
        {
            return (IcecastKh, version);
        }

        var major = int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        var minor = int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture);
        return (major > 2 || (major == 2 && minor >= 5) ? Icecast25 : Icecast, version);
    }

    [GeneratedRegex(@"^Icecast[ /](?<version>(?<major>\d{1,3})\.(?<minor>\d{1,3})(\.\d{1,3})?(?<kh>-kh\d+)?([-.+~][0-9A-Za-z.-]{1,32})?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VersionPattern();
}
