using System.Text;

namespace Asteroid.Tracks;

/// <summary>How track names are compared and split. A track is its artist and title, compared
/// case-insensitively (invariant culture) with runs of white space counted as one space and the
/// ends trimmed: "The  Band - Song" and "the band - SONG " are one track. Without an artist the
/// title alone is the key.</summary>
public static class TrackNames
{
    /// <summary>Longest artist, title, album or label kept (longer values are cut).</summary>
    public const int MaxLength = 512;

    public static string Key(string? artist, string? title)
    {
        var a = Normalize(artist);
        var t = Normalize(title);
        return a.Length == 0 ? t : t.Length == 0 ? a : a + " - " + t;
    }

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }

            space = false;
            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>Cleans a name for storage: trimmed, control characters removed, at most
    /// <see cref="MaxLength"/> characters; null when nothing is left.</summary>
    public static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var sb = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text.Trim())
        {
            if (!char.IsControl(c))
            {
                sb.Append(c);
            }

            if (sb.Length == MaxLength)
            {
                break;
            }
        }

        var cleaned = sb.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>Artist and title from what Icecast shows: an explicit artist is kept; otherwise
    /// "Artist - Title" is split at the first " - " (Icecast's own join for MP3 updates); a text
    /// without it is a title alone.</summary>
    public static (string? Artist, string? Title) Split(string? artist, string? title)
    {
        var a = Clean(artist);
        var t = Clean(title);
        if (a is null && t is not null)
        {
            var dash = t.IndexOf(" - ", StringComparison.Ordinal);
            if (dash > 0 && dash + 3 < t.Length)
            {
                return (Clean(t[..dash]), Clean(t[(dash + 3)..]));
            }
        }

        return (a, t ?? a);
    }
}
