using BenchmarkDotNet.Running;

namespace Matching.Benchmarks;

// Not top-level statements: Matching.Api already exposes a global Program (for WebApplicationFactory).
public static class Program
{
    public static void Main(string[] args)
    {
        // Benchmarks that are not BenchmarkDotNet ones dispatch here on their first argument.
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
