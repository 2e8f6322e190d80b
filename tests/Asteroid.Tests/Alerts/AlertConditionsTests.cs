using Asteroid.Alerts;
using Asteroid.Mounts;

namespace Asteroid.Tests.Alerts;

public sealed class AlertConditionsTests
{
    private static MountLiveState Mount(string server, string mount, string status, int listeners = 0) =>
        new(server, mount, listeners, status, null, null, null);

    private static AlertRule Rule(string kind, double? threshold = null, string? direction = null, double? percent = null, double? minimum = null) =>
        new("r", kind, null, 0, percent, threshold, 0, [], direction, minimum);

    [Fact]
    public void Mount_offline_holds_per_mount_whose_status_is_offline()
    {
        var signals = AlertConditions.Evaluate(Rule(AlertKinds.MountOffline),
            new([Mount("a", "/live.mp3", MountStatus.Offline), Mount("a", "/jazz.ogg", MountStatus.Ok, 3), Mount("a", "/x", MountStatus.Timeout)], [])).ToList();
        Assert.Equal(["a/live.mp3", "a/jazz.ogg", "a/x"], signals.Select(s => s.Subject));
        Assert.Equal([true, false, false], signals.Select(s => s.Holds));
        Assert.Equal("/live.mp3", signals[0].Mount);
    }

    [Fact]
    public void Shared_address_holds_per_mount_whose_last_poll_saw_most_listeners_on_one_address()
    {
        var signals = AlertConditions.Evaluate(Rule(AlertKinds.SharedAddress),
            new([Mount("a", "/live.mp3", MountStatus.Ok, 20) with { SharedAddress = new SharedAddress(20, 18) }, Mount("a", "/jazz.ogg", MountStatus.Ok, 30)], [])).ToList();

        Assert.Equal([true, false], signals.Select(s => s.Holds));
        Assert.Equal(90, signals[0].Value);
        Assert.Contains("18 of 20 listeners share one address", signals[0].Summary);
    }

    [Theory]
    [InlineData(MountStatus.Ok, MountStatus.Ok, false)]
    [InlineData(MountStatus.Unauthorized, MountStatus.Ok, true)]
    [InlineData(MountStatus.Ok, MountStatus.Timeout, true)]
    [InlineData(MountStatus.Ok, MountStatus.Offline, false)]   // no source is mount-offline's business
    [InlineData(MountStatus.Pending, MountStatus.Pending, false)]
    [InlineData(MountStatus.Unreachable, MountStatus.Ok, true)]
    public void Collection_failing_holds_for_a_server_whose_polls_fail(string serverStatus, string mountStatus, bool holds)
    {
        var signal = Assert.Single(AlertConditions.Evaluate(Rule(AlertKinds.CollectionFailing),
            new([Mount("a", "/m", mountStatus)], [new ServerObservation("a", serverStatus, "401 from Icecast", true)])));
        Assert.Equal("a", signal.Subject);
        Assert.Equal(holds, signal.Holds);
    }

    [Theory]
    [InlineData(30, 100, null, true)]   // 30 % rejected, default limit 10 %
    [InlineData(10, 100, null, false)]  // exactly the limit is fine
    [InlineData(30, 100, 50.0, false)]  // the rule's percent
    [InlineData(0, 0, null, false)]     // an empty import rejects nothing
    public void Collection_failing_also_holds_for_a_server_whose_last_import_rejected_too_many_lines(long rejected, long lines, double? percent, bool holds)
    {
        var import = new Asteroid.Import.ImportOutcome("a", "access-log", lines, rejected, DateTimeOffset.Parse("2026-12-02T08:00:00Z"));
        var signals = AlertConditions.Evaluate(Rule(AlertKinds.CollectionFailing, percent: percent),
            new([Mount("a", "/m", MountStatus.Ok)], [new ServerObservation("a", MountStatus.Ok, null, true)], null, [import])).ToList();

        Assert.Equal(["a", "a access-log import"], signals.Select(s => s.Subject));
        Assert.False(signals[0].Holds); // polling is fine
        Assert.Equal(holds, signals[1].Holds);
        Assert.Contains($"rejected {rejected} of {lines} lines", signals[1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_of_a_server_outside_the_scope_or_disabled_is_not_watched()
    {
        var outside = new Asteroid.Import.ImportOutcome("b", "access-log", 10, 9, DateTimeOffset.UnixEpoch);
        var disabled = new Asteroid.Import.ImportOutcome("c", "playlist-log", 10, 9, DateTimeOffset.UnixEpoch);

        var signals = AlertConditions.Evaluate(Rule(AlertKinds.CollectionFailing),
            new([], [new ServerObservation("a", MountStatus.Ok, null, true), new ServerObservation("c", MountStatus.Disabled, null, false)], null, [outside, disabled])).ToList();

        Assert.Equal(["a"], signals.Select(s => s.Subject));
    }

    [Fact]
    public void What_was_not_polled_since_a_start_is_unknown_not_recovered_nor_dropped()
    {
        var offline = AlertConditions.Evaluate(Rule(AlertKinds.MountOffline), new([Mount("a", "/live.mp3", MountStatus.Pending)], [])).Single();
        var failing = AlertConditions.Evaluate(Rule(AlertKinds.CollectionFailing),
            new([Mount("a", "/m", MountStatus.Pending)], [new ServerObservation("a", MountStatus.Pending, null, true)])).Single();
        var below = AlertConditions.Evaluate(Rule(AlertKinds.Threshold, 5, "below"),
            new([Mount("a", "/1", MountStatus.Pending), Mount("a", "/2", MountStatus.Ok, 9)], [])).Single();
        var polled = AlertConditions.Evaluate(Rule(AlertKinds.Threshold, 5, "below"), new([Mount("a", "/1", MountStatus.Ok, 0)], [])).Single();

        Assert.True(offline.Unknown);
        Assert.True(failing.Unknown);
        Assert.True(below.Unknown);
        Assert.False(polled.Unknown);
        Assert.True(polled.Holds);
    }

    [Fact]
    public void A_disabled_server_is_not_failing()
    {
        Assert.Empty(AlertConditions.Evaluate(Rule(AlertKinds.CollectionFailing), new([], [new ServerObservation("a", MountStatus.Disabled, null, false)])));
    }

    [Theory]
    [InlineData("above", 10, 11, true)]
    [InlineData("above", 10, 10, false)]
    [InlineData(null, 10, 11, true)]
    [InlineData("below", 10, 9, true)]
    [InlineData("below", 10, 10, false)]
    public void Threshold_compares_the_scope_listeners(string? direction, double threshold, int listeners, bool holds)
    {
        var signal = Assert.Single(AlertConditions.Evaluate(Rule(AlertKinds.Threshold, threshold, direction),
            new([Mount("a", "/1", MountStatus.Ok, listeners - 1), Mount("a", "/2", MountStatus.Ok, 1)], [])));
        Assert.Equal(holds, signal.Holds);
        Assert.Equal(listeners, signal.Value);
    }

    [Theory]
    [InlineData(100.0, 49, true)]   // below 50 % of 100
    [InlineData(100.0, 50, false)]
    [InlineData(4.0, 0, false)]     // a usual level under the minimum baseline is noise
    [InlineData(null, 0, false)]    // no history
    public void Audience_drop_compares_with_the_usual_level(double? baseline, int listeners, bool holds)
    {
        var signal = Assert.Single(AlertConditions.Evaluate(Rule(AlertKinds.AudienceDrop, percent: 50, minimum: 5),
            new([Mount("a", "/1", MountStatus.Ok, listeners)], [], baseline)));
        Assert.Equal(holds, signal.Holds);
    }

    [Fact]
    public void The_baseline_is_the_mean_of_the_same_hour_on_the_same_weekday_of_previous_weeks()
    {
        var now = new DateTime(2026, 12, 1, 20, 30, 0); // a Tuesday, 20:xx
        long[] Day(long at20) => [.. Enumerable.Range(0, 24).Select(h => h == 20 ? at20 : 999_999L)];
        var days = new Dictionary<DateOnly, long[]>
        {
            [new DateOnly(2026, 11, 24)] = Day(3600 * 100),  // 100 listeners on average
            [new DateOnly(2026, 11, 17)] = Day(3600 * 50),
            [new DateOnly(2026, 11, 23)] = Day(3600 * 1000), // a Monday: not the same hour of the week
            [new DateOnly(2026, 11, 10)] = [.. Enumerable.Repeat(3600L * 1000, 23)], // a 23-hour day: left out
        };
        Assert.Equal(75, AudienceBaseline.Compute(now, days));
        Assert.Null(AudienceBaseline.Compute(now, new Dictionary<DateOnly, long[]>()));
    }
}
