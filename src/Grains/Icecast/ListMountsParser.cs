using System.Xml;

namespace Asteroid.Icecast;

/// <summary>One live source as <c>/admin/listmounts</c> shows it.</summary>
public sealed record class IcecastMount(string Mount, int Listeners, long ConnectedSeconds, string? ContentType);

/// <summary>Parser for <c>/admin/listmounts</c>: live sources only (virtual fallback entries that
/// appear in stats after a SIGHUP are not listed there).</summary>
public static class ListMountsParser
{
    public static IReadOnlyList<IcecastMount> Parse(Stream xml)
    {
        using var reader = IcecastXml.CreateReader(xml);
        var mounts = new List<IcecastMount>();
        IcecastXml.ReadDocument(reader, r =>
        {
            if (r.Name != "source")
            {
                return false;
            }

            mounts.Add(ReadSource(r));
            return true;
        });

        return mounts;
    }

    private static IcecastMount ReadSource(XmlReader reader)
    {
        var mount = reader.GetAttribute("mount");
        if (string.IsNullOrEmpty(mount) || mount[0] != '/')
        {
            throw IcecastXml.Error(reader, "<source> without a mount attribute starting with '/'");
        }

        int listeners = 0;
        long connected = 0;
        string? contentType = null;
        IcecastXml.ReadChildren(reader, r =>
        {
            switch (r.Name)
            {
                case "listeners":
                    listeners = IcecastXml.ReadInt(r);
                    break;
                case "Connected":
                    connected = IcecastXml.ReadLong(r);
                    break;
                case "content-type":
                    contentType = r.ReadElementContentAsString();
                    break;
                default:
                    r.Skip();
                    break;
            }

            return true;
        });

        return new IcecastMount(mount, listeners, connected, contentType);
    }
}
