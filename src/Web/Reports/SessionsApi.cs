using Asteroid.Web.Access;
using System.Globalization;
using Asteroid.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Reports;

/// <summary><c>GET /api/asteroid/stats/sessions?{scope}&amp;from&amp;to</c> with optional
/// <c>country=</c>, <c>city=</c>, <c>player=</c>, <c>os=</c>, <c>device=</c>, <c>referrer=</c> (a host;
/// empty: none), <c>playerKind=</c>, <c>hour=</c> (local
/// hour 0-23), <c>daypart=</c> (the sessions that start in its local hours), <c>traffic=</c>, <c>limit=</c> (1-1000, default 100) and <c>cursor=</c> (the
/// <c>nextCursor</c> of the previous page): the sessions behind a figure, the same fields as the
/// sessions export, keyset-paginated. Listener keys, never IPs.</summary>
public static class SessionsApi
{
    private static readonly string[] FilterNames = ["country", "city", "player", "os", "device", "referrer", "playerKind"];

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/sessions", ListAsync).WithName("GetStatsSessions").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        return api;
    }

    private static async Task<Results<Ok<SessionsResponse>, ProblemHttpResult, ValidationProblem>> ListAsync(
        HttpContext context, [AsParameters] ReportServices services, SessionCursor cursors)
    {
        var q = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var limit = SessionListRequest.DefaultLimit;
        if (q.ContainsKey("limit") && (!int.TryParse(q["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > SessionListRequest.MaxLimit))
        {
            errors["limit"] = [$"limit is a whole number from 1 to {SessionListRequest.MaxLimit}"];
        }

        int? hour = null;
        if (q.ContainsKey("hour"))
        {
            if (int.TryParse(q["hour"], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 0 and <= 23)
            {
                hour = h;
            }
            else
            {
                errors["hour"] = ["hour is the local hour of the start, 0 to 23"];
            }
        }

        string? Text(string name) => q.ContainsKey(name) ? q[name].ToString() : null;
        foreach (var name in FilterNames.Where(n => Text(n) is { Length: > 256 }))
        {
            errors[name] = [$"{name} is at most 256 characters"];
        }

        if (services.Query.Errors is { } queryErrors)
        {
            foreach (var (key, value) in queryErrors)
            {
                errors[key] = value;
            }
        }

        var filter = new SessionFilter(Text("country"), Text("city"), Text("player"), Text("os"), Text("device"), hour, services.Query.Daypart,
            Text("referrer"), Text("playerKind"));
        var request = services.Query.Request;
        var fingerprint = request is null ? "" : $"{request with { SingleDate = false }}|{filter}";
        SessionKeyset? after = null;
        if (q.ContainsKey("cursor") && errors.Count == 0 && (after = cursors.Decode(q["cursor"].ToString(), fingerprint)) is null)
        {
            errors["cursor"] = ["cursor is not valid: pass the nextCursor of the previous page of this same query unchanged"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The sessions parameters are not valid");
        }

        var result = await services.Reports.Sessions(new SessionListRequest(request!, filter, after, limit));
        return ReportServices.Answer(result, page => new SessionsResponse(page, page.Next is { } next ? cursors.Encode(next, fingerprint) : null));
    }
}

/// <summary>One page of <c>/stats/sessions</c>.</summary>
public sealed class SessionsResponse(SessionPage page, string? nextCursor)
{
    public IReadOnlyList<SessionExportRow> Sessions => page.Sessions;

    /// <summary>The <c>cursor=</c> of the next page; null on the last page.</summary>
    public string? NextCursor => nextCursor;

    /// <summary><c>net</c> or <c>gross</c>: which sessions are listed.</summary>
    public string Traffic => page.Traffic.ToString().ToLowerInvariant();

    /// <summary>Raw sessions are kept for <c>Retention:RawDays</c>: those that ended before this may be gone.</summary>
    public DateTimeOffset RawSessionsRetainedSince => page.RetainedSince;

    /// <summary>True when the range reaches before <see cref="RawSessionsRetainedSince"/>: the list may miss sessions the day figures still count.</summary>
    public bool Partial => page.Partial;
}
