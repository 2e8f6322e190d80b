using System.Globalization;

namespace Asteroid.Bench.Infrastructure;

/// <summary>What /proc says about this machine and about a process (resident memory, CPU time).</summary>
public static class Machine
{
    public static string MemoryDescription()
    {
        var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return total is null ? "memory unknown" : $"{long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024.0:0.0} GiB RAM";
    }

    /// <summary>Resident set size of a process in bytes (0 when it is gone).</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>User + system CPU time of a process, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Samples a process's resident memory every 20 ms until disposed; <see cref="Peak"/> is the highest.</summary>
    public sealed class MemorySampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public MemorySampler(int pid)
        {
            Start = ResidentBytes(pid);
            Peak = Start;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    Peak = Math.Max(Peak, ResidentBytes(pid));
                    await Task.Delay(20).ConfigureAwait(false);
                }
            });
        }

        public long Start { get; }

        public long Peak { get; private set; }

        public async ValueTask DisposeAsync()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            await _stop.CancelAsync();
            await _loop;
        }
    }
}
