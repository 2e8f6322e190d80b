using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Asteroid.Web.Hosting;

/// <summary>ASP.NET Core rate limiting on the endpoints anonymous or heavy callers reach: sign-in
/// (per client address; the per-user count lives in <see cref="Auth.LoginThrottle"/>, since the name
/// is in the body), "send now" of a report schedule (per schedule), Icecast hooks (per client address: the Icecast server) and imports (concurrent
/// imports per signed-in caller, else per address). Refusals are 429 ProblemDetails with Retry-After.
/// Partitions are keyed by <see cref="PartitionKey"/>, which is where a role could later choose a limit.</summary>
public static class RateLimitingExtensions
{
    public const string SignInPolicy = "sign-in";
    public const string HooksPolicy = "hooks";
    public const string ImportPolicy = "import";
    public const string ReportSendPolicy = "report-send";

    public static IHostApplicationBuilder AddAsteroidRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Slow down and retry after the time in Retry-After." },
                });
            };
            o.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.SignInPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
            o.AddPolicy(HooksPolicy, context => RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.HooksPerSecond * 2,
                TokensPerPeriod = limits.HooksPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            }));
            // "Send now" builds a report and mails or posts it: per caller and schedule, a few a minute (per
            // caller too, so someone without access to a schedule cannot use up its owner's budget).
            o.AddPolicy(ReportSendPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context) + "|schedule:" + (context.Request.RouteValues.TryGetValue("id", out var id) ? id?.ToString() : null), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.ReportSendsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            o.AddPolicy(ImportPolicy, context => RateLimitPartition.GetConcurrencyLimiter(PartitionKey(context), _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.ConcurrentImports,
                QueueLimit = 0,
            }));
        });
        return builder;
    }

    /// <summary>Who a request counts against: the signed-in user or key, else the client address
    /// (kept in memory by the limiter only, never logged).</summary>
    public static string PartitionKey(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name }
            ? $"user:{context.User.Identity.AuthenticationType}:{name}"
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}

/// <summary>Configuration section <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in attempts per client address per minute (right or wrong).</summary>
    [Range(1, 100_000)]
    public int SignInPerMinute { get; set; } = 30;

    /// <summary>Icecast hook calls per client address per second (a burst of twice this is allowed).</summary>
    [Range(1, 1_000_000)]
    public int HooksPerSecond { get; set; } = 2000;

    /// <summary>"Send now" requests per report schedule per minute.</summary>
    [Range(1, 1000)]
    public int ReportSendsPerMinute { get; set; } = 3;

    /// <summary>Access-log imports running at once per caller.</summary>
    [Range(1, 100)]
    public int ConcurrentImports { get; set; } = 2;
}
