using System.Runtime.InteropServices;

namespace Matching.Benchmarks;

static class Machine
{
    /// <summary>One line naming the machine, for the README next to the numbers.</summary>
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>The load averages (1, 5, 15 min) from /proc/loadavg: other work on the machine moves every timing.</summary>
    public static string Load() =>
        File.Exists("/proc/loadavg") ? $"load average {string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}" : "load average unknown";

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
