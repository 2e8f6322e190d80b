using System.Globalization;
using System.Xml;

namespace Asteroid.Icecast;

/// <summary>What we need of <c>/admin/stats</c>: when this Icecast process started (client IDs
/// restart with it, so it is part of every session key), the per-source listener counts and the
/// per-source metadata (<c>&lt;artist&gt;</c>, <c>&lt;title&gt;</c>; absent when the source sends none)
/// and the mounts with a URL authenticator (<c>&lt;authenticator&gt;url&lt;/authenticator&gt;</c>), which
/// may post listener hooks.</summary>
public sealed record class IcecastServerStats(DateTimeOffset? ServerStart, string? ServerId, IReadOnlyDictionary<string, int> SourceListeners,
    IReadOnlyDictionary<string, Tracks.PolledTrack>? SourceTracks = null, IReadOnlySet<string>? UrlAuthenticated = null)
{
    /// <summary>Icecast 2.4, 2.5 or KH and its version, from <see cref="ServerId"/>.</summary>
    public (string Kind, string? Version) Kind => Servers.IcecastServerKind.Parse(ServerId);
}

public static class AdminStatsParser
{
    public static IcecastServerStats Parse(Stream xml)
    {
        using var reader = IcecastXml.CreateReader(xml);
        DateTimeOffset? start = null;
        string? serverId = null;
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        var tracks = new Dictionary<string, Tracks.PolledTrack>(StringComparer.Ordinal);
        var urlAuthenticated = new HashSet<string>(StringComparer.Ordinal);
        IcecastXml.ReadDocument(reader, r =>
        {
            switch (r.Name)
            {
                case "server_start_iso8601":
                    var error = IcecastXml.Error(r, "<server_start_iso8601> is not a date");
                    start = TryParseIso8601(r.ReadElementContentAsString()) ?? throw error;
                    break;
                case "server_id":
                    var id = r.ReadElementContentAsString();
                    serverId = id.Length > 128 ? id[..128] : id;
                    break;
                case "source":
                    var mount = r.GetAttribute("mount");
                    var listeners = 0;
                    string? artist = null, title = null;
                    var urlAuth = false;
                    IcecastXml.ReadChildren(r, child =>
                    {
                        if (child.Name == "listeners")
                        {
                            listeners = IcecastXml.ReadInt(child);
                        }
                        else if (child.Name == "title")
                        {
                            title = Bounded(child.ReadElementContentAsString());
                        }
                        else if (child.Name == "artist")
                        {
                            artist = Bounded(child.ReadElementContentAsString());
                        }
                        else if (child.Name == "authenticator")
                        {
                            urlAuth = child.ReadElementContentAsString().Trim() == "url";
                        }
                        else
                        {
                            child.Skip();
                        }

                        return true;
                    });
                    if (mount is not null)
                    {
                        sources[mount] = listeners;
                        tracks[mount] = new Tracks.PolledTrack(artist, title);
                        if (urlAuth)
                        {
                            urlAuthenticated.Add(mount);
                        }
                    }

                    break;
                default:
                    r.Skip();
                    break;
            }

            return true;
        });

        return new IcecastServerStats(start, serverId, sources, tracks, urlAuthenticated);
    }

    private static string Bounded(string text) => text.Length > Tracks.TrackNames.MaxLength ? text[..Tracks.TrackNames.MaxLength] : text;

    /// <summary>Icecast writes <c>2026-11-23T00:35:15+0000</c> (no colon in the offset).</summary>
    public static DateTimeOffset? TryParseIso8601(string text)
    {
        var value = text.Trim();
        if (value.Length >= 5 && (value[^5] == '+' || value[^5] == '-') && char.IsAsciiDigit(value[^1]))
        {
            value = value[..^2] + ":" + value[^2..];
        }

        return DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : null;
    }
}
