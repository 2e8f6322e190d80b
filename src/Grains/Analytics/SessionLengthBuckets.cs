namespace Asteroid.Analytics;

/// <summary>The <c>sessionLengths</c> buckets of qualifying sessions.</summary>
public static class SessionLengthBuckets
{
    public static readonly string[] Names = ["1-5m", "5-15m", "15-30m", "30-60m", "1-2h", "2-4h", "4-8h", "8-18h", "18h+"];

    private static readonly long[] UpperSeconds = [5 * 60, 15 * 60, 30 * 60, 60 * 60, 2 * 3600, 4 * 3600, 8 * 3600, 18 * 3600];

    public static int IndexOf(long durationSeconds)
    {
        for (var i = 0; i < UpperSeconds.Length; i++)
        {
            if (durationSeconds < UpperSeconds[i])
            {
                return i;
            }
        }

        return UpperSeconds.Length;
    }
}
