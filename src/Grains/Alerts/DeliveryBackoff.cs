namespace Asteroid.Alerts;

/// <summary>When a failed delivery is tried again, pure: <c>RetryBaseSeconds × 2^(failures−1)</c>, at
/// most <c>RetryMaxDelaySeconds</c>; never later than <c>RetryForHours</c> after the alert — past that
/// it is given up (null). Answers that cannot change on a retry (4xx other than 408 and 429) give up at once.</summary>
public static class DeliveryBackoff
{
    public static DateTimeOffset? Next(int failures, DateTimeOffset createdAt, DateTimeOffset now, AlertOptions options, int? statusCode = null)
    {
        if (statusCode is >= 400 and < 500 and not 408 and not 429)
        {
            return null;
        }

        var delay = Math.Min(options.RetryMaxDelaySeconds, options.RetryBaseSeconds * Math.Pow(2, Math.Min(Math.Max(failures, 1) - 1, 30)));
        var next = now + TimeSpan.FromSeconds(delay);
        return next - createdAt > TimeSpan.FromHours(options.RetryForHours) ? null : next;
    }
}
