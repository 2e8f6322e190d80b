using System.Globalization;
using System.Text;
using System.Xml;
using Asteroid.Icecast;
using Asteroid.Import;
using CsCheck;

namespace Asteroid.Tests.Hostile;

/// <summary>Property tests (CsCheck) for the parsers that read what outsiders send: whatever the
/// input, they fail only in their documented way, and what they accept reads back what was written.</summary>
public sealed class ParserPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<string> Noise = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char["0123456789 -+:/[]\"\r\nGETPOSTHTP.\0"], 0, 200]);

    private static readonly Gen<(int Year, int Month, int Day, int Hour, int Minute, int Second, int OffsetMinutes, long Duration, long Bytes, string Mount, string Agent)> Fields =
        Gen.Select(Gen.OneOf(Gen.Int[1, 9999], Gen.Int[1995, 2026]), Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[0, 23], Gen.Int[0, 59], Gen.Int[0, 59], Gen.Int[-18 * 60, 18 * 60])
            .Select(Gen.OneOf(Gen.Long[0, long.MaxValue], Gen.Long[0, 100_000], Gen.Long[InputLimits.MaxSessionSeconds - 2, InputLimits.MaxSessionSeconds + 2]), Gen.Long[0, 1L << 40], Gen.String[Gen.Char.AlphaNumeric, 1, 20], Gen.String[Gen.Char.AlphaNumeric, 0, 30],
                (t, duration, bytes, mount, agent) => (t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, duration, bytes, "/" + mount + ".mp3", agent));

    [Fact]
    public void The_access_log_parser_never_throws_on_any_text()
    {
        Noise.Sample(line =>
        {
            var outcome = AccessLogParser.Parse(line, null, out var listener, out var reason, Now);
            Assert.True(outcome == AccessLogParser.Outcome.Listener ? listener is not null : reason is not null);
        }, iter: 20_000);
    }

    [Fact]
    public void The_proxy_log_parsers_and_rules_never_throw_on_any_text()
    {
        Assert.True(NginxLogParser.TryCreate("$remote_addr [$time_local] $msec \"$request\" $status $bytes_sent $request_time \"$http_user_agent\"", out var custom, out _));
        var noisy = Gen.OneOf(Noise, Gen.Select(Noise, Noise, (a, b) =>
            "10.0.1.2:33317 [06/Feb/2026:12:14:14.655] fe be/s 0/0/0/1/" + a + " 200 " + b + " - - ---- 1/1/0/0/0 0/0 {" + a + "} \"GET /" + b + " HTTP/1.1\""));
        noisy.Sample(line =>
        {
            foreach (var parser in new Func<string, (bool, ProxyRequest?, string?)>[]
            {
                l => (HaproxyLogParser.TryParse(l, null, out var r, out var why), r, why),
                l => (NginxLogParser.CombinedFormat.TryParse(l, null, out var r, out var why), r, why),
                l => (custom!.TryParse(l, TimeSpan.FromHours(2), out var r, out var why), r, why),
            })
            {
                var (ok, request, reason) = parser(line);
                Assert.True(ok ? request is not null : reason is not null);
                if (ok)
                {
                    var kind = ProxyRequestRules.Classify(request!, Now, out var stream, out var mount, out var why);
                    Assert.True(kind switch
                    {
                        ProxyRequestRules.Kind.Stream => stream is not null,
                        ProxyRequestRules.Kind.HlsPlaylist or ProxyRequestRules.Kind.HlsSegment => mount is not null,
                        _ => why is not null,
                    });
                }
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Any_log_format_text_is_a_parser_or_an_error_never_an_exception()
    {
        Gen.String[Gen.Char["$_{}abcdeilmnoqrstu \"[]"], 0, 120].Sample(format =>
        {
            Assert.True(NginxLogParser.TryCreate(format, out var parser, out var error) ? parser is not null : error is not null);
        }, iter: 20_000);
    }

    [Fact]
    public void Any_well_formed_line_is_read_back_or_refused_with_a_reason_never_an_exception()
    {
        Fields.Sample(f =>
        {
            var offset = TimeSpan.FromMinutes(f.OffsetMinutes);
            var sign = offset < TimeSpan.Zero ? "-" : "+";
            var zone = string.Create(CultureInfo.InvariantCulture, $"{sign}{Math.Abs(f.OffsetMinutes) / 60:00}{Math.Abs(f.OffsetMinutes) % 60:00}");
            var clock = new DateTime(f.Year, f.Month, f.Day, f.Hour, f.Minute, f.Second);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"192.0.2.7 - - [{clock.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} {zone}] \"GET {f.Mount} HTTP/1.1\" 200 {f.Bytes} \"-\" \"{f.Agent}\" {f.Duration}");

            var outcome = AccessLogParser.Parse(line, null, out var listener, out var reason, Now);

            var inRange = Math.Abs(f.OffsetMinutes) <= 14 * 60 && f.Year is > 1 and < 9999 && f.Duration is > 0 and <= InputLimits.MaxSessionSeconds
                && new DateTimeOffset(clock, offset) is var end && InputLimits.CheckSession(end.AddSeconds(-f.Duration), end, Now) is null;
            if (inRange)
            {
                Assert.Equal(AccessLogParser.Outcome.Listener, outcome);
                Assert.Equal(new DateTimeOffset(clock, offset), listener!.EndedAt);
                Assert.Equal((f.Mount, f.Bytes, f.Duration, f.Agent.Length == 0 ? "Unknown" : f.Agent), (listener.Mount, listener.BytesSent, listener.DurationSeconds, listener.UserAgent));
            }
            else
            {
                Assert.NotEqual(AccessLogParser.Outcome.Listener, outcome);
                Assert.NotNull(reason);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void A_duration_beyond_int64_and_dates_at_the_calendar_edges_are_rejected_not_thrown()
    {
        string[] lines =
        [
            "192.0.2.7 - - [31/Dec/9999:23:59:59 -0500] \"GET /a.mp3 HTTP/1.1\" 200 1 \"-\" \"VLC\" 5",
            "192.0.2.7 - - [01/Jan/0001:00:00:00 +1400] \"GET /a.mp3 HTTP/1.1\" 200 1 \"-\" \"VLC\" 5",
            "192.0.2.7 - - [23/Nov/2026:00:39:46 +0000] \"GET /a.mp3 HTTP/1.1\" 200 1 \"-\" \"VLC\" 99999999999999999999999",
            "192.0.2.7 - - [23/Nov/2026:00:39:46 +0000] \"GET /a.mp3 HTTP/1.1\" 200 1 \"-\" \"VLC\" 10000000000",
            "192.0.2.7 - - [23/Nov/2026:00:39:46 -9959] \"GET /a.mp3 HTTP/1.1\" 200 1 \"-\" \"VLC\" 5",
        ];
        foreach (var line in lines)
        {
            Assert.Equal(AccessLogParser.Outcome.Rejected, AccessLogParser.Parse(line, null, out _, out var reason, Now));
            Assert.NotNull(reason);
        }

        Assert.False(AccessLogParser.TryParseOffset("-99:59", out _));
        Assert.False(AccessLogParser.TryParseOffset("+14:01", out _));
        Assert.True(AccessLogParser.TryParseOffset("-14:00", out var edge) && edge == TimeSpan.FromHours(-14));
    }

    [Fact]
    public void The_listclients_parser_fails_only_with_an_xml_exception()
    {
        var fragments = Gen.OneOf(
            Gen.Const("<icestats>"), Gen.Const("</icestats>"), Gen.Const("<source mount=\"/a.mp3\">"), Gen.Const("</source>"),
            Gen.Const("<listener>"), Gen.Const("</listener>"), Gen.Const("<Listeners>"), Gen.Const("</Listeners>"),
            Gen.Const("<ID>"), Gen.Const("</ID>"), Gen.Const("<Connected>"), Gen.Const("</Connected>"), Gen.Const("<IP>"), Gen.Const("</IP>"),
            Gen.Const("<!DOCTYPE x [<!ENTITY e \"e\">]>"), Gen.Const("&e;"),
            Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)), Gen.Const("99999999999999999999999"), Gen.String[Gen.Char.AlphaNumeric, 0, 8]);
        fragments.Array[0, 40].Select(parts => string.Concat(parts)).Sample(xml =>
        {
            try
            {
                ListClientsParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
            }
            catch (XmlException)
            {
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Listeners_written_as_listclients_read_back()
    {
        Gen.Select(Gen.Long[0, long.MaxValue], Gen.Long[0, long.MaxValue], Gen.String[Gen.Char.AlphaNumeric, 0, 40]).Array[0, 20].Sample(listeners =>
        {
            var xml = new StringBuilder("<icestats><source mount=\"/a.mp3\"><Listeners>")
                .Append(listeners.Length.ToString(CultureInfo.InvariantCulture)).Append("</Listeners>");
            foreach (var (id, connected, agent) in listeners)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<listener><IP>192.0.2.1</IP><UserAgent>{agent}</UserAgent><Connected>{connected}</Connected><ID>{id}</ID></listener>");
            }

            var document = ListClientsParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml.Append("</source></icestats>").ToString())));

            Assert.Equal(("/a.mp3", listeners.Length), (document.Mount, document.ReportedListeners));
            Assert.Equal(listeners.Select(l => (l.Item1, l.Item2, l.Item3)), document.Listeners.Select(l => (l.Id, l.ConnectedSeconds, l.UserAgent)));
        }, iter: 2_000);
    }

    [Fact]
    public void Bounded_lines_read_back_what_was_written_and_refuse_long_ones_whatever_the_line_ends()
    {
        var line = Gen.String[Gen.Char["abc é\0"], 0, 40];
        var end = Gen.OneOf(Gen.Const("\n"), Gen.Const("\r\n")); // a lone CR before an empty LF line would be one CRLF
        Gen.Select(line, end).Array[0, 30].Sample(lines =>
        {
            var text = string.Concat(lines.Select(l => l.Item1 + l.Item2));
            var reader = new BoundedLineReader(new StringReader(text), 20);
            var read = new List<(string?, bool)>();
            while (reader.ReadLineAsync(CancellationToken.None).AsTask().Result is ({ } got, var tooLong))
            {
                read.Add((got, tooLong));
            }

            Assert.Equal(lines.Select(l => l.Item1.Length > 20 ? ("", true) : ((string?)l.Item1, false)), read);
        }, iter: 5_000);
    }
}
