using Asteroid.Tracks;

namespace Asteroid.Royalties;

/// <summary>A play as the royalty rules read it: the stored play and the end it is counted to (its
/// end, or "now" while it is on air: <see cref="EndKnown"/> false).</summary>
public sealed record class SourcePlay(PlayRecord Play, DateTimeOffset End, bool EndKnown);

/// <summary>A listening session as the royalty rules read it (milliseconds since the Unix epoch; an
/// open session ends "now"). No address: the listener is its keyed hash.</summary>
public sealed record class SourceSession(string Server, string Mount, string ListenerKey, long Start, long End, string? Country, bool Bot);

/// <summary>The catalogue as plays are matched to it: by ISRC first, then by match key
/// (<see cref="RoyaltyNames.MatchKey"/>); of several entries with one ISRC or key, the first.</summary>
public sealed class CatalogIndex
{
    private readonly Dictionary<string, (int Position, CatalogEntry Entry)> _byIsrc = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Position, CatalogEntry Entry)> _byKey = new(StringComparer.Ordinal);

    public CatalogIndex(IReadOnlyList<CatalogEntry> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (RoyaltyNames.Isrc(entries[i].Isrc) is { } isrc)
            {
                _byIsrc.TryAdd(isrc, (i, entries[i]));
            }

            _byKey.TryAdd(entries[i].MatchKey, (i, entries[i]));
        }
    }

    public static CatalogIndex Empty { get; } = new([]);

    /// <summary>The entry a play matches, its position in the catalogue and how (<c>isrc</c>, <c>name</c>),
    /// or (null, -1, <c>none</c>).</summary>
    public (CatalogEntry? Entry, int Position, string By) Match(string? artist, string title, string? isrc)
    {
        if (RoyaltyNames.Isrc(isrc) is { } code && _byIsrc.TryGetValue(code, out var hit))
        {
            return (hit.Entry, hit.Position, "isrc");
        }

        return _byKey.TryGetValue(RoyaltyNames.MatchKey(artist, title), out var named) ? (named.Entry, named.Position, "name") : (null, -1, "none");
    }
}
