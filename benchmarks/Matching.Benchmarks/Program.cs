using BenchmarkDotNet.Running;

namespace Matching.Benchmarks;

// Not top-level statements: Matching.Api already exposes a global Program (for WebApplicationFactory).
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Benchmarks that are not BenchmarkDotNet ones dispatch here on their first argument.
        switch (args.FirstOrDefault())
        {
            case "http":
                return await HttpBenchmark.RunAsync(args[1..]);
            case "phases":
                return PhaseBenchmark.Run(args[1..]);
            case "suggest":
                return await SuggestBenchmark.RunAsync(args[1..]);
            case "skills":
                return SkillsBenchmark.Run(args[1..]);
            case "train":
                return await TrainingBenchmark.RunAsync(args[1..]);
            case "decisions":
                return await DecisionLogBenchmark.RunAsync(args[1..]);
            case "import":
                return await ImportBenchmark.RunAsync(args[1..]);
            case "fuzz":
                return await FuzzBenchmark.RunAsync(args[1..]);
            case "soak":
                return await SoakBenchmark.RunAsync(args[1..]);
            case "starvation":
                return await StarvationBenchmark.RunAsync(args[1..]);
            case "faults":
                return await FaultsBenchmark.RunAsync(args[1..]);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
