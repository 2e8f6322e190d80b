using Asteroid.Reports;
using Asteroid.Web.Reports;
using Microsoft.AspNetCore.DataProtection;

namespace Asteroid.Tests.Reports;

/// <summary>The opaque cursor of <c>/stats/sessions</c>: it round-trips its position for the query
/// it was issued for, and nothing else decodes.</summary>
public sealed class SessionCursorTests
{
    private const string Query = "station=jazz|2026-11-01|2026-11-07|net|country=DE";
    private static readonly SessionCursor Cursors = new(new EphemeralDataProtectionProvider());
    private static readonly SessionKeyset Position = new(new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc).AddTicks(1230), Guid.NewGuid());

    [Fact]
    public void A_cursor_round_trips_its_position_to_the_microsecond()
    {
        Assert.Equal(Position, Cursors.Decode(Cursors.Encode(Position, Query), Query));
    }

    [Fact]
    public void A_cursor_of_another_query_is_refused()
    {
        Assert.Null(Cursors.Decode(Cursors.Encode(Position, Query), Query + "&player=VLC"));
    }

    [Fact]
    public void A_tampered_cursor_is_refused()
    {
        var cursor = Cursors.Encode(Position, Query).ToCharArray();
        var i = cursor.Length / 2;
        cursor[i] = cursor[i] == 'A' ? 'B' : 'A';
        Assert.Null(Cursors.Decode(new string(cursor), Query));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_refused(string cursor)
    {
        Assert.Null(Cursors.Decode(cursor, Query));
    }

    [Fact]
    public void A_cursor_of_another_key_ring_is_refused()
    {
        var other = new SessionCursor(new EphemeralDataProtectionProvider());
        Assert.Null(Cursors.Decode(other.Encode(Position, Query), Query));
    }
}
