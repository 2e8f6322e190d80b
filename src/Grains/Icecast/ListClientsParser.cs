using System.Net;
using System.Xml;

namespace Asteroid.Icecast;

/// <summary>The answer of <c>/admin/listclients?mount=…</c>.</summary>
public sealed record class ListClientsDocument(string? Mount, int? ReportedListeners, IReadOnlyList<IcecastListener> Listeners);

/// <summary>Streaming parser for <c>/admin/listclients</c> in the three formats met in the field:
/// Icecast 2.4 (<c>&lt;icestats&gt;&lt;source mount&gt;&lt;Listeners&gt;N&lt;/Listeners&gt;&lt;listener&gt;&lt;IP/&gt;&lt;UserAgent/&gt;&lt;Connected/&gt;&lt;ID/&gt;…</c>),
/// Icecast-KH (the same names plus <c>&lt;Referer&gt;</c> and <c>&lt;lag&gt;</c>) and Icecast 2.5 (lower-case
/// <c>listeners</c>, <c>id</c>, <c>ip</c>, <c>useragent</c>, <c>connected</c>, plus <c>referer</c>, <c>host</c>,
/// <c>tls</c>, <c>protocol</c>, a per-listener <c>&lt;geoip&gt;</c> and <c>&lt;history&gt;</c>, a per-source
/// <c>&lt;geoip&gt;</c> summary whose countries carry their own <c>&lt;listeners&gt;</c>, and a
/// <c>&lt;modules&gt;</c> list under the root). Both spellings are read whatever the server says it is,
/// so a 2.5 asked with <c>?omode=legacy</c> reads the same. DTDs are prohibited; unknown elements are skipped.</summary>
public static class ListClientsParser
{
    public static ListClientsDocument Parse(Stream xml)
    {
        using var reader = IcecastXml.CreateReader(xml);
        string? mount = null;
        int? reported = null;
        var listeners = new List<IcecastListener>();
        IcecastXml.ReadDocument(reader, r =>
        {
            switch (r.Name)
            {
                case "source":
                    mount = r.GetAttribute("mount");
                    return false; // descend into it
                case "Listeners" or "listeners":
                    reported = IcecastXml.ReadInt(r);
                    return true;
                case "listener":
                    listeners.Add(ReadListener(r));
                    return true;
                case "geoip" or "modules":
                    // 2.5: per-country counts (their <listeners> are not the mount's) and the module list.
                    r.Skip();
                    return true;
                default:
                    return false;
            }
        });

        return new ListClientsDocument(mount, reported, listeners);
    }

    private static IcecastListener ReadListener(XmlReader reader)
    {
        var missingId = IcecastXml.Error(reader, "<listener> without <ID>");
        long id = long.TryParse(reader.GetAttribute("id"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attribute)
            ? attribute
            : -1;
        long connected = 0;
        IPAddress? ip = null;
        var userAgent = "Unknown";
        string? referer = null;
        IcecastXml.ReadChildren(reader, r =>
        {
            switch (r.Name)
            {
                case "ID" or "id":
                    id = IcecastXml.ReadLong(r);
                    return true;
                case "IP" or "ip":
                    // An unparsable address is kept as unknown rather than failing the whole poll.
                    ip = IPAddress.TryParse(r.ReadElementContentAsString(), out var parsed) ? parsed : null;
                    return true;
                case "UserAgent" or "useragent":
                    userAgent = r.ReadElementContentAsString();
                    return true;
                case "Referer" or "referer":
                    referer = Bounded(r.ReadElementContentAsString());
                    return true;
                case "Connected" or "connected":
                    connected = IcecastXml.ReadLong(r);
                    return true;
                default:
                    r.Skip();
                    return true;
            }
        });

        return id >= 0 ? new IcecastListener(id, ip, userAgent, connected, referer) : throw missingId;
    }

    /// <summary>A referrer is reduced to its host later; an absurdly long one is cut here.</summary>
    private static string? Bounded(string text) => text.Length == 0 ? null : text.Length > InputLimits.MaxRefererChars ? text[..InputLimits.MaxRefererChars] : text;
}
