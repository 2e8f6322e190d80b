using Asteroid.Hls;

namespace Asteroid.Tests.Hls;

public sealed class HlsLiveCountTests
{
    // As HAProxy 2.6 answers "show table hls_live" for `stick-table type ip size 1k expire 30s store http_req_rate(10s)`.
    private const string Table = """
        # table: hls_live, type: ip, size:1024, used:3
        0x55d1c8b2a7e0: key=127.0.0.2 use=0 exp=28870 http_req_rate(10000)=4
        0x55d1c8b2a8a0: key=127.0.0.3 use=0 exp=29930 http_req_rate(10000)=2
        0x55d1c8b2a960: key=127.0.0.4 use=0 exp=12000 http_req_rate(10000)=0

        """;

    [Fact]
    public void Each_entry_with_a_request_in_its_rate_period_is_a_listener()
    {
        Assert.Equal(2, HlsLiveCount.FromTable(Table, "hls_live", out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Without_a_stored_rate_every_entry_not_expiring_counts()
    {
        const string answer = "# table: t, type: ip, size:100, used:3\n0x1: key=::1 use=0 exp=100\n0x2: key=10.0.0.1 use=1 exp=5 conn_cur=1\n0x3: key=10.0.0.2 use=0 exp=0\n";

        Assert.Equal(2, HlsLiveCount.FromTable(answer, "t", out _));
    }

    [Fact]
    public void An_empty_table_is_zero_listeners()
    {
        Assert.Equal(0, HlsLiveCount.FromTable("# table: t, type: ip, size:100, used:0\n\n", "t", out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("No such table.\n", "not a stick table")]
    [InlineData("", "empty answer")]
    [InlineData("# table: other, type: ip, size:100, used:0\n", "not 't'")]
    [InlineData("# table: t, type: ip, size:100, used:1\ngarbage line\n", "not a stick table entry")]
    public void Other_answers_are_malformed_and_give_no_count(string answer, string expected)
    {
        Assert.Null(HlsLiveCount.FromTable(answer, "t", out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_never_quotes_an_entry_and_its_address()
    {
        Assert.Null(HlsLiveCount.FromTable("0x1: key=81.2.69.142 use=0 exp=100\n", "t", out var error));
        Assert.DoesNotContain("81.2.69.142", error, StringComparison.Ordinal);
    }

    private const string Stat = """
        # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status
        listeners,FRONTEND,,,5,9,262120,120,1000,200000,0,0,0,,,,,OPEN
        hls,web1,0,0,3,4,,100,800,190000,,0,,0,0,0,0,UP
        hls,BACKEND,0,0,3,4,26212,100,800,190000,0,0,,0,0,0,0,UP

        """;

    [Fact]
    public void Show_stat_gives_the_backends_current_sessions()
    {
        Assert.Equal(3, HlsLiveCount.FromStat(Stat, "hls", out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Show_stat_without_the_backend_or_not_csv_is_malformed()
    {
        Assert.Null(HlsLiveCount.FromStat(Stat, "nope", out var error));
        Assert.Contains("no backend 'nope'", error, StringComparison.Ordinal);
        Assert.Null(HlsLiveCount.FromStat("Unknown command.\n", "hls", out error));
        Assert.Contains("not HAProxy's show stat CSV", error, StringComparison.Ordinal);
    }
}
