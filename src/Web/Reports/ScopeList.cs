using Asteroid.Reports;
using Asteroid.Icecast;

namespace Asteroid.Web.Reports;

/// <summary><c>scopes=</c> of <c>/stats/summary</c>: up to <see cref="Max"/> comma-separated
/// scopes, each <c>station:{id}</c>, <c>group:{id}</c>, <c>server:{id}</c> (the whole server),
/// <c>mount:{server}{mount}</c> (the mount with its leading '/', e.g. <c>mount:demo/jazz.ogg</c>) or
/// <c>network</c>, answered side by side in the order given. A scope given twice is an error.</summary>
public sealed record class ScopeList(string Text, string? Station, string? Server, string? Mount, string? Group = null)
{
    public const int Max = 10;

    public ReportRequest Apply(ReportRequest template) => template with { Station = Station, Server = Server, Mount = Mount, Group = Group };

    public static (List<ScopeList> Scopes, string? Error) Parse(string text)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (text.Length == 0 || items.Any(i => i.Length == 0))
        {
            return ([], "scopes is a comma-separated list such as station:jazz,group:north,server:demo,mount:demo/live.ogg,network");
        }

        if (items.Length > Max)
        {
            return ([], $"scopes is at most {Max} scopes");
        }

        if (items.Distinct(StringComparer.Ordinal).Count() != items.Length)
        {
            return ([], "scopes names each scope once");
        }

        var scopes = new List<ScopeList>();
        foreach (var item in items)
        {
            var colon = item.IndexOf(':');
            var (kind, id) = colon < 0 ? (item, "") : (item[..colon], item[(colon + 1)..]);
            switch (kind)
            {
                case "station" when ServerIds.IsValid(id):
                    scopes.Add(new ScopeList(item, id, null, null));
                    break;
                case "mount" when id.IndexOf('/') > 0 && ServerIds.IsValid(id[..id.IndexOf('/')]) && ReportRules.IsValidMount(id[id.IndexOf('/')..]):
                    scopes.Add(new ScopeList(item, null, id[..id.IndexOf('/')], id[id.IndexOf('/')..]));
                    break;
                case "group" when ServerIds.IsValid(id):
                    scopes.Add(new ScopeList(item, null, null, null, id));
                    break;
                case "server" when ServerIds.IsValid(id):
                    scopes.Add(new ScopeList(item, null, id, null));
                    break;
                case "network" when colon < 0:
                    scopes.Add(new ScopeList(item, null, null, null));
                    break;
                default:
                    return ([], $"'{item}' is not a scope: station:{{id}}, group:{{id}}, server:{{id}}, mount:{{server}}{{mount}} or network");
            }
        }

        return (scopes, null);
    }
}
