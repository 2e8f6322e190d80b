using Asteroid.Royalties;

namespace Asteroid.Tests.Royalties;

/// <summary>The matching rule of docs/royalties.md: case, white space, diacritics and featured-artist credits do not matter.</summary>
public sealed class RoyaltyNamesTests
{
    [Theory]
    [InlineData("The Band", "Song", "the  band ", " SONG")]
    [InlineData("Beyoncé", "Déjà Vu", "Beyonce", "Deja vu")]
    [InlineData("Sigur Rós", "Hoppípolla", "SIGUR ROS", "hoppipolla")]
    [InlineData("Artist feat. Guest", "Song", "Artist", "Song")]
    [InlineData("Artist ft. Guest", "Song", "Artist featuring Other", "Song")]
    [InlineData("Artist Ft Guest", "Song", "artist", "song")]
    [InlineData("Artist", "Song (feat. Guest)", "Artist", "Song")]
    [InlineData("Artist", "Song [ft. Guest] (Radio Edit)", "Artist", "Song (Radio Edit)")]
    [InlineData("Artist", "Song feat. Guest", "Artist", "Song")]
    [InlineData("Simon & Garfunkel", "The Boxer", "Simon and Garfunkel", "The Boxer")]
    [InlineData("AC/DC", "T.N.T.", "AC DC", "T N T")]
    public void Names_that_differ_only_in_case_space_accents_punctuation_or_credits_match(string a1, string t1, string a2, string t2) =>
        Assert.Equal(RoyaltyNames.MatchKey(a1, t1), RoyaltyNames.MatchKey(a2, t2));

    [Theory]
    [InlineData("Artist", "Song", "Artist", "Other Song")]
    [InlineData("Artist", "Song", "Other Artist", "Song")]
    [InlineData("Left", "Right", "Left Right", "")]
    [InlineData("Feather", "Song", "Ft", "Song")]
    public void Different_recordings_do_not_match(string a1, string t1, string a2, string t2) =>
        Assert.NotEqual(RoyaltyNames.MatchKey(a1, t1), RoyaltyNames.MatchKey(a2, t2));

    [Fact]
    public void The_key_is_artist_and_title_or_the_title_alone()
    {
        Assert.Equal("beyonce | crazy in love", RoyaltyNames.MatchKey("Beyoncé feat. Jay-Z", "Crazy In Love"));
        Assert.Equal("station id", RoyaltyNames.MatchKey(null, "Station ID"));
    }

    [Theory]
    [InlineData("US-AAA-26-00001", "USAAA2600001")]
    [InlineData("gbaye0000001", "GBAYE0000001")]
    [InlineData("GB AYE 00 00001", "GBAYE0000001")]
    [InlineData("GBAYE000001", null)]
    [InlineData("1BAYE0000001", null)]
    [InlineData("GBAYE00000A1", null)]
    [InlineData("", null)]
    public void An_isrc_is_compared_without_hyphens_in_upper_case_and_must_have_the_isrc_form(string raw, string? expected) =>
        Assert.Equal(expected, RoyaltyNames.Isrc(raw));

    [Theory]
    [InlineData("station id*", null, "Station ID - Morning", true)]
    [InlineData("station id*", "Jingles", "Station ID", true)]
    [InlineData("*jingle*", "KAST", "Big Jingle 3", true)]
    [InlineData("ad break ?", null, "Ad Break 7", true)]
    [InlineData("ad break ?", null, "Ad Break 17", false)]
    [InlineData("jingle", "Jingle", "Bells", false)]
    [InlineData("jingle - bells", "Jingle", "Bells", true)]
    [InlineData("*promo*", "Promo Artist", "Song", true)]
    [InlineData("**é*", null, "Café", true)]
    public void Non_music_patterns_are_case_and_accent_insensitive_wildcards(string pattern, string? artist, string title, bool expected) =>
        Assert.Equal(expected, NonMusicPattern.Matches([pattern], artist, title));
}
