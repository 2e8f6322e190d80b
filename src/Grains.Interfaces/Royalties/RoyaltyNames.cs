using System.Globalization;
using System.Text;

namespace Asteroid.Royalties;

/// <summary>How a play is matched to the catalogue when their ISRCs do not settle it (docs/royalties.md):
/// both sides are reduced to a match key of the main artist and the title.
/// <list type="number">
/// <item>Unicode compatibility decomposition (NFKD) and every combining mark dropped: "Beyoncé" is "Beyonce", "ﬁ" is "fi".</item>
/// <item>Lower case (invariant culture).</item>
/// <item>A featured-artist credit is cut: in the artist from the first " feat. ", " feat ", " ft. ", " ft ", " featuring "
/// (also "(feat. …)" and "[ft …]"); in the title a bracketed credit "(feat. …)" / "[featuring …]" or a trailing " feat. …".</item>
/// <item>"&amp;" becomes "and"; every other character that is not a letter or a digit becomes a space.</item>
/// <item>Runs of white space count as one space, the ends trimmed.</item>
/// </list>
/// The key is the artist and the title joined by " | " (the title alone without an artist).</summary>
public static class RoyaltyNames
{
    private static readonly string[] FeatureWords = ["feat.", "feat", "ft.", "ft", "featuring"];

    public static string MatchKey(string? artist, string? title)
    {
        var a = Simplify(CutFeature(Fold(artist)));
        var t = Simplify(CutFeature(Fold(title)));
        return a.Length == 0 ? t : a + " | " + t;
    }

    /// <summary>Diacritics removed, lower case, white space collapsed (punctuation kept): what non-music
    /// patterns are compared with.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>An ISRC as compared: upper case without hyphens, spaces or dots; null unless it then has
    /// the ISRC form (2 letters, 3 letters or digits, 7 digits).</summary>
    public static string? Isrc(string? isrc)
    {
        if (string.IsNullOrWhiteSpace(isrc))
        {
            return null;
        }

        var sb = new StringBuilder(12);
        foreach (var c in isrc)
        {
            if (c is '-' or ' ' or '.')
            {
                continue;
            }

            sb.Append(char.ToUpperInvariant(c));
        }

        var s = sb.ToString();
        if (s.Length != 12)
        {
            return null;
        }

        for (var i = 0; i < 12; i++)
        {
            var ok = i switch
            {
                < 2 => s[i] is >= 'A' and <= 'Z',
                < 5 => s[i] is >= 'A' and <= 'Z' or >= '0' and <= '9',
                _ => s[i] is >= '0' and <= '9',
            };
            if (!ok)
            {
                return null;
            }
        }

        return s;
    }

    private static string CutFeature(string folded)
    {
        var text = folded;
        // A bracketed credit anywhere: "(feat. x)", "[ft x]".
        foreach (var (open, close) in new[] { ('(', ')'), ('[', ']') })
        {
            var start = 0;
            while ((start = text.IndexOf(open, start)) >= 0)
            {
                var inner = text[(start + 1)..].TrimStart();
                if (FeatureWords.Any(w => inner.StartsWith(w + " ", StringComparison.Ordinal)))
                {
                    var end = text.IndexOf(close, start);
                    text = end < 0 ? text[..start] : text[..start] + " " + text[(end + 1)..];
                }
                else
                {
                    start++;
                }
            }
        }

        // A credit after the name: "a feat. b", "a ft b", "a featuring b" (the title too: "song feat. b").
        foreach (var word in FeatureWords)
        {
            var at = text.IndexOf(" " + word + " ", StringComparison.Ordinal);
            if (at > 0)
            {
                text = text[..at];
            }
        }

        return text;
    }

    private static string Simplify(string folded)
    {
        var sb = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded.Replace("&", " and ", StringComparison.Ordinal))
        {
            if (!char.IsLetterOrDigit(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}

/// <summary>Non-music patterns of a station: case- and diacritic-insensitive wildcards (<c>*</c> any
/// run of characters, <c>?</c> one character) matched against the whole of "artist - title" and
/// against the title alone (both <see cref="RoyaltyNames.Fold"/>ed). No regular expressions: a pattern
/// costs at most its length times the text's.</summary>
public static class NonMusicPattern
{
    public const int MaxPatterns = 200;

    public const int MaxLength = 200;

    public static bool Matches(IReadOnlyList<string> patterns, string? artist, string? title)
    {
        if (patterns.Count == 0)
        {
            return false;
        }

        var t = RoyaltyNames.Fold(title);
        var a = RoyaltyNames.Fold(artist);
        var full = a.Length == 0 ? t : a + " - " + t;
        return patterns.Any(p => Wildcard(RoyaltyNames.Fold(p), full) || Wildcard(RoyaltyNames.Fold(p), t));
    }

    /// <summary>Whole-text wildcard match (greedy with backtracking to the last star: linear in practice).</summary>
    public static bool Wildcard(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
