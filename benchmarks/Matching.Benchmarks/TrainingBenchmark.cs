using System.Diagnostics;
using System.Globalization;
using Matching.Training.Generation;
using Matching.Core.Skills;

namespace Matching.Benchmarks;

/// <summary>
/// The training target: 20,000 missions × 50 candidates (1,000,000 rows) trained by the real
/// <c>train</c> command in its own process; wall time and peak resident memory (VmHWM) are reported.
/// </summary>
static class TrainingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var missions = HttpBenchmark.Option(args, "--missions", 20_000);
        var candidates = HttpBenchmark.Option(args, "--candidates", 50);
        var work = Path.Combine(Path.GetTempPath(), "matching-training-benchmark");
        Directory.CreateDirectory(work);
        var history = Path.Combine(work, $"history-{missions}x{candidates}.jsonl");
        Console.WriteLine($"Machine: {Machine.Describe()}");
        if (!File.Exists(history))
        {
            var catalog = SkillCatalog.Load(Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz"));
            var watch = Stopwatch.StartNew();
            HistoryFile.Write(new StaffingWorld(catalog, seed: 5, population: 5000), missions, candidates, history, Environment.ProcessorCount);
            Console.WriteLine($"Generated {missions} missions × {candidates} candidates ({new FileInfo(history).Length / 1e9:0.00} GB) in {watch.Elapsed.TotalSeconds:0} s (not part of the measure).");
        }

        var output = Path.Combine(work, "model");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Matching.Api.dll"), "train", "--history", history, "--out", output, "--replace"])
        {
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["TERM"] = "dumb";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        long peakKb = 0;
        while (!process.HasExited)
        {
            peakKb = Math.Max(peakKb, PeakResidentKb(process.Id));
            await Task.Delay(200);
        }

        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var line in lines.Where(l => l.Contains("Model ", StringComparison.Ordinal) || l.Contains("rankable", StringComparison.Ordinal) || l.Contains("Split", StringComparison.Ordinal)))
        {
            Console.WriteLine($"  {line.Trim()}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train: exit {process.ExitCode}, {seconds:0.0} s wall (target ≤ 180 s), peak memory {peakKb / 1024.0 / 1024.0:0.00} GB (target < 4 GB)"));
        return process.ExitCode;
    }

    static long PeakResidentKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
