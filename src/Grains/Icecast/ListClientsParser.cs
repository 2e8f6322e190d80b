using System.Net;
using System.Xml;

namespace Asteroid.Icecast;

/// <summary>The answer of <c>/admin/listclients?mount=…</c>.</summary>
public sealed record class ListClientsDocument(string? Mount, int? ReportedListeners, IReadOnlyList<IcecastListener> Listeners);

/// <summary>Streaming parser for <c>/admin/listclients</c> (Icecast 2.4.4 format):
/// <c>&lt;icestats&gt;&lt;source mount&gt;&lt;Listeners&gt;N&lt;/Listeners&gt;&lt;listener&gt;&lt;IP/&gt;&lt;UserAgent/&gt;&lt;Connected/&gt;&lt;ID/&gt;…</c>.
/// DTDs are prohibited; unknown elements are skipped.</summary>
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
                case "Listeners":
                    reported = IcecastXml.ReadInt(r);
                    return true;
                case "listener":
                    listeners.Add(ReadListener(r));
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
        long id = -1;
        long connected = 0;
        IPAddress? ip = null;
        var userAgent = "Unknown";
        IcecastXml.ReadChildren(reader, r =>
        {
            switch (r.Name)
            {
                case "ID":
                    id = IcecastXml.ReadLong(r);
                    return true;
                case "IP":
                    // An unparsable address is kept as unknown rather than failing the whole poll.
                    ip = IPAddress.TryParse(r.ReadElementContentAsString(), out var parsed) ? parsed : null;
                    return true;
                case "UserAgent":
                    userAgent = r.ReadElementContentAsString();
                    return true;
                case "Connected":
                    connected = IcecastXml.ReadLong(r);
                    return true;
                default:
                    r.Skip();
                    return true;
            }
        });

        return id >= 0 ? new IcecastListener(id, ip, userAgent, connected) : throw missingId;
    }
}
