using System.Globalization;

namespace Asteroid.Bench.Infrastructure;

/// <summary>One scrape of a node's /metrics (Prometheus text format): sums of samples by metric name
/// and the cumulative buckets of a histogram, summed over label sets.</summary>
public sealed class PrometheusScrape
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

    public static async Task<PrometheusScrape> TakeAsync(HttpClient http, CancellationToken ct)
    {
        var scrape = new PrometheusScrape();
        foreach (var line in (await http.GetStringAsync("/metrics", ct)).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var name = brace > 0 && brace < space ? line[..brace] : line[..space];
            var labels = brace > 0 && brace < space ? line[brace..line.LastIndexOf('}')] : "";
            var valueText = line[(space + 1)..];
            if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                scrape._samples.Add((name, labels, value));
            }
        }

        return scrape;
    }

    public double Sum(string name) => _samples.Where(s => s.Name == name).Sum(s => s.Value);

    /// <summary>Cumulative bucket counts of a histogram by upper bound (summed over other labels).</summary>
    public SortedDictionary<double, double> Buckets(string histogram)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var (_, labels, value) in _samples.Where(s => s.Name == histogram + "_bucket"))
        {
            var le = labels[(labels.IndexOf("le=\"", StringComparison.Ordinal) + 4)..];
            le = le[..le.IndexOf('"', StringComparison.Ordinal)];
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + value;
        }

        return buckets;
    }

    /// <summary>The upper bound of the bucket holding percentile <paramref name="p"/> of the
    /// observations made between two scrapes.</summary>
    public static double HistogramPercentile(PrometheusScrape before, PrometheusScrape after, string histogram, double p)
    {
        var a = before.Buckets(histogram);
        var b = after.Buckets(histogram);
        var total = b.LastOrDefault().Value - a.LastOrDefault().Value;
        if (total <= 0)
        {
            return double.NaN;
        }

        foreach (var (bound, count) in b)
        {
            if (count - a.GetValueOrDefault(bound) >= p / 100 * total)
            {
                return bound;
            }
        }

        return double.PositiveInfinity;
    }
}
