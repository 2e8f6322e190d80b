using System.Globalization;
using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Web.Reports;

/// <summary>The common parameters of the stats endpoints: <c>station=</c>, or <c>server=</c> and
/// <c>mount=</c>; <c>from</c>/<c>to</c> as ISO dates, inclusive (or <c>date</c> for one day on the
/// endpoints marked with <see cref="AllowsSingleDate"/>), at most 3660 days. Periods are local days
/// of the station's time zone. It binds itself; a malformed query has <see cref="Errors"/>.</summary>
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

    /// <summary>The file-name part of the scope: the station id, or server and mount.</summary>
    public string ScopeName => Request is null ? "" : Request.Station ?? Request.Server + Request.Mount;

    public static ValueTask<ReportQuery?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<ReportQuery?>(Parse(context.Request.Query, context.GetEndpoint()?.Metadata.GetMetadata<AllowsSingleDate>() is not null));

    public static ReportQuery Parse(IQueryCollection q, bool allowSingleDate)
    {
        var errors = new Dictionary<string, string[]>();
        string? station = q["station"], server = q["server"], mount = q["mount"];
        if (string.IsNullOrEmpty(station) == string.IsNullOrEmpty(server))
        {
            errors["station"] = ["give either station=, or server= and mount="];
        }
        else if (!string.IsNullOrEmpty(server) && (string.IsNullOrEmpty(mount) || mount[0] != '/'))
        {
            errors["mount"] = ["with server=, mount= is required and starts with '/'"];
        }
        else if (!string.IsNullOrEmpty(server) && !ReportRules.IsValidMount(mount))
        {
            errors["mount"] = ["mount= is at most 1024 characters without control characters"];
        }

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
                string.IsNullOrEmpty(server) ? null : mount,
                from, to, SingleDate: !q.ContainsKey("from"), Traffic: traffic), null, compare!.Value);
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
