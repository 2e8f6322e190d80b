using Asteroid.Royalties;

namespace Asteroid.Tests.Royalties;

/// <summary>SoundExchange asks for ASCII report files: names keep their letters without accents,
/// and nothing outside ASCII reaches the text file.</summary>
public sealed class SoundExchangeAsciiTests
{
    [Theory]
    [InlineData("Beyoncé", "Beyonce")]
    [InlineData("Sigur Rós – Hoppípolla", "Sigur Ros - Hoppipolla")]
    [InlineData("Motörhead", "Motorhead")]
    [InlineData("Die Ärzte: Straße", "Die Arzte: Strasse")]
    [InlineData("Røyksopp & Æther", "Royksopp & AEther")]
    [InlineData("Łódź’s “Song”…", "Lodz's \"Song\"...")]
    [InlineData("ﬁne", "fine")] // a ligature, decomposed
    [InlineData("東京事変", "????")]
    [InlineData("Plain ASCII (feat. X)", "Plain ASCII (feat. X)")]
    public void A_name_becomes_its_ascii_form(string name, string expected) =>
        Assert.Equal(expected, SoundExchangeFile.Ascii(name));

    [Theory]
    [InlineData("Ⅻ ① ㎏ 🎵 ẞ ǅ")]
    [InlineData("a\u0301\u0308\u20DD")] // combining marks, one enclosing
    public void Nothing_outside_ascii_is_left(string name) =>
        Assert.All(SoundExchangeFile.Ascii(name), c => Assert.True(c < 128, $"U+{(int)c:X4} in the output"));
}
