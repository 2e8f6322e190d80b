using System.Globalization;
using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Web.Reports;

/// <summary>The common parameters of the stats endpoints: the scope — <c>station=</c>, <c>server=</c>
/// and <c>mount=</c>, <c>server=</c> alone, <c>group=</c>, or none of them for the whole network (at
/// most one kind); <c>from</c>/<c>to</c> as ISO dates, inclusive (or <c>date</c> for one day on the
/// endpoints marked with <see cref="AllowsSingleDate"/>), at most 3660 days. Periods are local days
/// of the scope's time zone. It binds itself; a malformed query has <see cref="Errors"/>.</summary>
public sealed class ReportQuery
{
    private ReportQuery(ReportRequest? request, Dictionary<string, string[]>? errors, CompareMode compare = CompareMode.None)
    {
        Request = request;
        Errors = errors;
        Compare = compare;
    }

    /// <summary><c>compare=previous|year</c> (none when absent).</summary>
    public CompareMode Compare { get; }

    /// <summary>The request of the compared period (only with <see cref="Compare"/>).</summary>
    public ReportRequest? CompareRequest => Request is { } r && Compare != CompareMode.None
        ? Comparison.Period(r.From, r.To, Compare) is var (from, to) ? r with { From = from, To = to } : null
        : null;

    /// <summary>The request for the report grain (null when there are <see cref="Errors"/>).</summary>
    public ReportRequest? Request { get; }

    public Dictionary<string, string[]>? Errors { get; }

    /// <summary><c>daypart=</c>: the id of one of the station's dayparts (null when absent); the
    /// reports that accept it restrict their periods to its local hours (docs/metrics.md).</summary>
    public string? Daypart { get; private init; }

    /// <summary>The file-name part of the scope: the station id, server and mount, the server, the group, or "network".</summary>
    public string ScopeName => Request is null ? "" : Request.Station ?? Request.Group ?? (Request.Server is null ? "network" : Request.Server + Request.Mount);

    public static ValueTask<ReportQuery?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<ReportQuery?>(Parse(context.Request.Query, context.GetEndpoint()?.Metadata.GetMetadata<AllowsSingleDate>() is not null));

    public static ReportQuery Parse(IQueryCollection q, bool allowSingleDate)
    {
        var errors = ScopeErrors(q);
        string? station = q["station"], server = q["server"], mount = q["mount"], group = q["group"];

        DateOnly from = default, to = default;
        var singleDate = allowSingleDate && q.ContainsKey("date");
        if (singleDate)
        {
            if (!TryDate(q["date"], out from))
            {
                errors["date"] = ["date is an ISO date such as 2026-11-20"];
            }

            to = from;
        }
        else
        {
            if (!TryDate(q["from"], out from))
            {
                errors["from"] = ["from is required: an ISO date such as 2026-11-01"];
            }

            if (!TryDate(q["to"], out to))
            {
                errors["to"] = ["to is required: an ISO date such as 2026-11-30 (inclusive)"];
            }
            else if (!errors.ContainsKey("from") && to < from)
            {
                errors["to"] = ["to must not be before from"];
            }
            else if (!errors.ContainsKey("from") && to.DayNumber - from.DayNumber + 1 > ReportRules.MaxDays)
            {
                errors["to"] = [$"a range is at most {ReportRules.MaxDays} days"];
            }
        }

        var traffic = ParseTraffic(q, errors);
        var daypart = q["daypart"].ToString();
        if (daypart.Length > 0 && !Asteroid.Icecast.ServerIds.IsValid(daypart))
        {
            errors["daypart"] = ["daypart is the id of one of the station's dayparts (GET /api/asteroid/admin/stations/{id}/dayparts)"];
        }
        var compare = q["compare"].ToString() switch
        {
            "" => CompareMode.None,
            "previous" => CompareMode.Previous,
            "year" => CompareMode.Year,
            _ => (CompareMode?)null,
        };
        if (compare is null)
        {
            errors["compare"] = ["compare is previous (the period just before, same length) or year (the same dates a year earlier)"];
        }
        else if (compare != CompareMode.None && errors.Count == 0
            && (compare == CompareMode.Year ? from.Year < 2 : from.DayNumber < to.DayNumber - from.DayNumber + 1))
        {
            errors["compare"] = ["there is no period before the calendar's first year"];
        }

        return errors.Count > 0
            ? new ReportQuery(null, errors)
            : new ReportQuery(new ReportRequest(
                string.IsNullOrEmpty(station) ? null : station,
                string.IsNullOrEmpty(server) ? null : server,
                string.IsNullOrEmpty(server) || string.IsNullOrEmpty(mount) ? null : mount,
                from, to, SingleDate: !q.ContainsKey("from"), Traffic: traffic)
            { Group = string.IsNullOrEmpty(group) ? null : group }, null, compare!.Value) { Daypart = daypart.Length > 0 ? daypart : null };
    }

    /// <summary>What is wrong with the scope parameters (empty when nothing): at most one of
    /// <c>station=</c>, <c>server=</c> (with or without <c>mount=</c>) and <c>group=</c>.</summary>
    public static Dictionary<string, string[]> ScopeErrors(IQueryCollection q)
    {
        var errors = new Dictionary<string, string[]>();
        string? station = q["station"], server = q["server"], mount = q["mount"], group = q["group"];
        var scopes = new[] { station, server, group }.Count(p => !string.IsNullOrEmpty(p));
        if (scopes > 1)
        {
            errors["station"] = ["give at most one scope: station=, server= (alone, or with mount=), or group=; none is the whole network"];
        }
        else if (!string.IsNullOrEmpty(mount) && string.IsNullOrEmpty(server))
        {
            errors["mount"] = ["mount= needs server="];
        }
        else if (!string.IsNullOrEmpty(server) && q.ContainsKey("mount") && !ReportRules.IsValidMount(mount))
        {
            errors["mount"] = ["mount= starts with '/' and is at most 1024 characters without control characters"];
        }

        return errors;
    }

    /// <summary><c>traffic=net</c> (the default) or <c>traffic=gross</c>; anything else is an error.</summary>
    public static Traffic ParseTraffic(IQueryCollection q, Dictionary<string, string[]> errors)
    {
        var text = q["traffic"].ToString();
        switch (text)
        {
            case "" or "net":
                return Traffic.Net;
            case "gross":
                return Traffic.Gross;
            default:
                errors["traffic"] = ["traffic is net (the default: bots and sessions under 60 s left out) or gross (every session)"];
                return Traffic.Net;
        }
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>Endpoint metadata: <c>date=</c> may stand for <c>from=</c> and <c>to=</c>.</summary>
public sealed class AllowsSingleDate;
