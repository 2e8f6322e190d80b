using Asteroid.Stations;
using Asteroid.Web.Access;

namespace Asteroid.Tests.Access;

/// <summary>The access rules case by case, over a network of two servers: "main" carries Jazz FM's
/// /jazz.ogg and Rock FM's /rock.mp3 and a mount in no station (/talk.mp3, implicit station "main");
/// "relay" carries only Jazz FM's /jazz-relay.ogg.</summary>
public sealed class AccessRulesTests
{
    private static readonly StationDefinition Jazz = new("jazz", "Jazz FM", "UTC", [new("main", "/jazz.ogg"), new("relay", "/jazz-relay.ogg")]);
    private static readonly StationDefinition Rock = new("rock", "Rock FM", "UTC", [new("main", "/rock.mp3")]);

    private readonly StationTopology _topology = new([Jazz, Rock], ["main", "relay"]);

    private AccessRules Rules(IGroupMembership? groups = null) => new(_topology, groups ?? new NoGroups());

    private static Grants Viewer(params string[] stations) => Grants.Of(Roles.Viewer, stations, []);

    [Fact]
    public void An_admin_reads_every_scope()
    {
        var rules = Rules();
        Assert.True(rules.MayRead(Grants.Admin, new ReportScope.Network()));
        Assert.True(rules.MayRead(Grants.Admin, new ReportScope.Server("main")));
        Assert.True(rules.MayRead(Grants.Admin, new ReportScope.Station("anything")));
        Assert.True(rules.MayRead(Grants.Admin, new ReportScope.Group("unknown")));
        Assert.True(rules.MayRead(Grants.Admin, new ReportScope.Mount("main", "/talk.mp3")));
    }

    [Fact]
    public void A_station_is_readable_only_when_granted()
    {
        var rules = Rules();
        Assert.True(rules.MayRead(Viewer("jazz"), new ReportScope.Station("jazz")));
        Assert.False(rules.MayRead(Viewer("jazz"), new ReportScope.Station("rock")));
        Assert.True(rules.MayRead(Grants.Of(Roles.Manager, ["rock"], []), new ReportScope.Station("rock")));
    }

    [Fact]
    public void A_mount_is_readable_when_its_station_is_granted()
    {
        var rules = Rules();
        Assert.True(rules.MayRead(Viewer("jazz"), new ReportScope.Mount("relay", "/jazz-relay.ogg")));
        Assert.False(rules.MayRead(Viewer("jazz"), new ReportScope.Mount("main", "/rock.mp3")));
        // A mount in no station belongs to its server's implicit station.
        Assert.False(rules.MayRead(Viewer("jazz"), new ReportScope.Mount("main", "/talk.mp3")));
        Assert.True(rules.MayRead(Viewer("main"), new ReportScope.Mount("main", "/talk.mp3")));
        Assert.False(rules.MayRead(Viewer("main"), new ReportScope.Mount("main", "/jazz.ogg")));
    }

    [Fact]
    public void A_server_needs_every_station_with_a_mount_on_it()
    {
        var rules = Rules();
        Assert.False(rules.MayRead(Viewer("jazz"), new ReportScope.Server("relay")));            // the relay's implicit station is missing
        Assert.True(rules.MayRead(Viewer("jazz", "relay"), new ReportScope.Server("relay")));
        Assert.False(rules.MayRead(Viewer("jazz", "rock"), new ReportScope.Server("main")));     // /talk.mp3's implicit station is missing
        Assert.True(rules.MayRead(Viewer("jazz", "rock", "main"), new ReportScope.Server("main")));
        Assert.False(rules.MayRead(Viewer(), new ReportScope.Server("unknown")));
    }

    [Fact]
    public void The_network_needs_every_station_or_admin()
    {
        var rules = Rules();
        Assert.False(rules.MayRead(Viewer("jazz", "rock", "main"), new ReportScope.Network()));
        Assert.True(rules.MayRead(Viewer("jazz", "rock", "main", "relay"), new ReportScope.Network()));
        Assert.False(rules.MayRead(Grants.Nothing, new ReportScope.Network()));
    }

    [Fact]
    public void A_principal_with_no_grant_reads_nothing_even_in_an_empty_network()
    {
        var rules = new AccessRules(new StationTopology([], []), new NoGroups());
        Assert.False(rules.MayRead(Grants.Nothing, new ReportScope.Network()));
        Assert.False(rules.MayRead(Grants.Nothing, new ReportScope.Station("jazz")));
    }

    [Fact]
    public void Group_grants_grant_nothing_while_groups_are_unknown()
    {
        var rules = Rules();
        var grants = Grants.Of(Roles.Viewer, [], ["north"]);
        Assert.False(rules.MayRead(grants, new ReportScope.Group("north")));
        Assert.False(rules.MayRead(grants, new ReportScope.Station("jazz")));
        Assert.Empty(rules.StationsOf(grants));
    }

    [Fact]
    public void A_known_group_is_readable_when_granted_or_when_all_its_stations_are()
    {
        var rules = Rules(new FixedGroups(new() { ["north"] = ["jazz", "rock"], ["empty"] = [] }));
        Assert.True(rules.MayRead(Grants.Of(Roles.Viewer, [], ["north"]), new ReportScope.Group("north")));
        Assert.True(rules.MayRead(Viewer("jazz", "rock"), new ReportScope.Group("north")));
        Assert.False(rules.MayRead(Viewer("jazz"), new ReportScope.Group("north")));
        Assert.False(rules.MayRead(Viewer("jazz"), new ReportScope.Group("south")));            // unknown group
        Assert.False(rules.MayRead(Grants.Of(Roles.Viewer, [], ["south"]), new ReportScope.Group("south")));
    }

    [Fact]
    public void A_group_grant_stands_for_its_stations()
    {
        var rules = Rules(new FixedGroups(new() { ["north"] = ["jazz"] }));
        var grants = Grants.Of(Roles.Viewer, [], ["north"]);
        Assert.True(rules.MayRead(grants, new ReportScope.Station("jazz")));
        Assert.True(rules.MayRead(grants, new ReportScope.Mount("relay", "/jazz-relay.ogg")));
        Assert.False(rules.MayRead(grants, new ReportScope.Station("rock")));
        Assert.True(rules.MaySee(grants, "main", "/jazz.ogg"));
        Assert.False(rules.MaySee(grants, "main", "/rock.mp3"));
    }

    [Fact]
    public void A_server_is_visible_to_whoever_reads_one_of_its_stations()
    {
        var rules = Rules();
        Assert.True(rules.MayReadAnyOf(Viewer("jazz"), "relay"));
        Assert.False(rules.MayReadAnyOf(Viewer("rock"), "relay"));
        Assert.True(rules.MayReadAnyOf(Grants.Admin, "relay"));
    }

    [Fact]
    public void A_scope_holds_the_mounts_and_servers_it_names()
    {
        var rules = Rules(new FixedGroups(new() { ["north"] = ["jazz"] }));
        Assert.True(rules.InScope(new ReportScope.Station("jazz"), "relay", "/jazz-relay.ogg"));
        Assert.False(rules.InScope(new ReportScope.Station("jazz"), "main", "/rock.mp3"));
        Assert.True(rules.InScope(new ReportScope.Station("main"), "main", "/talk.mp3")); // the server's implicit station
        Assert.True(rules.InScope(new ReportScope.Group("north"), "main", "/jazz.ogg"));
        Assert.False(rules.InScope(new ReportScope.Group("north"), "main", "/talk.mp3"));
        Assert.False(rules.InScope(new ReportScope.Group("unknown"), "main", "/jazz.ogg"));
        Assert.True(rules.InScope(new ReportScope.Server("main"), "main", "/rock.mp3"));
        Assert.False(rules.InScope(new ReportScope.Server("relay"), "main", "/rock.mp3"));
        Assert.False(rules.InScope(new ReportScope.Mount("main", "/jazz.ogg"), "relay", "/jazz.ogg"));
        Assert.True(rules.InScope(new ReportScope.Network(), "relay", "/anything"));

        Assert.True(rules.ServerInScope(new ReportScope.Station("jazz"), "relay"));
        Assert.False(rules.ServerInScope(new ReportScope.Station("rock"), "relay"));
        Assert.True(rules.ServerInScope(new ReportScope.Group("north"), "relay"));
        Assert.False(rules.ServerInScope(new ReportScope.Mount("main", "/rock.mp3"), "relay"));
    }

    [Fact]
    public void Only_admins_and_their_managers_change_a_station()
    {
        var rules = Rules();
        var current = Jazz.Mounts.Select(m => (m.Server, m.Mount)).ToList();
        var manager = Grants.Of(Roles.Manager, ["jazz"], []);
        Assert.Null(rules.CheckStationEdit(Grants.Admin, "jazz", current, [("main", "/rock.mp3")]));
        Assert.Null(rules.CheckStationEdit(manager, "jazz", current, current));                    // name and zone only
        Assert.Null(rules.CheckStationEdit(manager, "jazz", current, [("main", "/jazz.ogg")]));    // removing a mount
        Assert.NotNull(rules.CheckStationEdit(manager, "jazz", current, [.. current, ("main", "/rock.mp3")])); // taking another's mount
        Assert.NotNull(rules.CheckStationEdit(manager, "rock", current, current));                 // not theirs
        Assert.NotNull(rules.CheckStationEdit(manager, "new", null, []));                          // creating
        Assert.NotNull(rules.CheckStationEdit(Viewer("jazz"), "jazz", current, current));          // viewers read only
        Assert.True(rules.MayManageStation(manager, "jazz"));
        Assert.False(rules.MayManageStation(Viewer("jazz"), "jazz"));
    }

    [Theory]
    [InlineData("", typeof(ReportScope.Network))]
    [InlineData("station=jazz", typeof(ReportScope.Station))]
    [InlineData("group=north", typeof(ReportScope.Group))]
    [InlineData("server=main", typeof(ReportScope.Server))]
    [InlineData("server=main&mount=/jazz.ogg", typeof(ReportScope.Mount))]
    public void A_query_names_its_scope(string query, Type expected)
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var scopes = EndpointAccess.ScopesOf(new Microsoft.AspNetCore.Http.QueryCollection(parsed));
        Assert.IsType(expected, Assert.Single(scopes));
    }

    [Fact]
    public void A_query_naming_two_scopes_needs_both()
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("station=jazz&server=main&mount=/rock.mp3");
        var scopes = EndpointAccess.ScopesOf(new Microsoft.AspNetCore.Http.QueryCollection(parsed));
        Assert.Equal(2, scopes.Count);
        Assert.Contains(scopes, s => !Rules().MayRead(Viewer("jazz"), s));
    }

    private sealed class FixedGroups(Dictionary<string, string[]> groups) : IGroupMembership
    {
        public IReadOnlyCollection<string>? StationsOf(string groupId) => groups.GetValueOrDefault(groupId);
    }
}
