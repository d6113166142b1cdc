using System.Diagnostics;
using System.Text.Json;
using Matching.Api.Candidates;
using Matching.Core.Contracts;
using Matching.Core.Skills;
using Matching.Core.Validation;
using Matching.Training.Generation;

namespace Matching.Benchmarks;

/// <summary>
/// Bulk sync of the talent pool: generates realistic candidates (the synthetic organisation's people, with their
/// experiences, descriptions and availability), writes them as JSON lines, then imports them twice into the
/// database of MATCHING_TEST_DATABASE (or --connection-string): first into an empty pool, then the same file again
/// (every profile unchanged). Target: 100,000 candidates in at most 60 s.
/// </summary>
static class ImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = HttpBenchmark.Option(args, "--candidates", 100_000);
        if (BenchmarkDatabase.ConnectionString(args) is not { } connectionString)
        {
            return 2;
        }

        Console.WriteLine($"Machine: {Machine.Describe()}");
        var catalog = SkillCatalog.Load(Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz"));
        var watch = Stopwatch.StartNew();
        var candidates = new StaffingWorld(catalog, seed: 11, population: count).SampleRequest(count).Candidates!;
        var file = Path.Combine(Path.GetTempPath(), $"matching-import-{Environment.ProcessId}.jsonl");
        await using (var writer = File.CreateText(file))
        {
            foreach (var candidate in candidates)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate));
            }
        }

        Console.WriteLine($"Generated {candidates.Count:N0} candidates ({new FileInfo(file).Length / 1e6:0} MB of JSON lines) in {watch.Elapsed.TotalSeconds:0.0} s");
        try
        {
            await using var dataSource = await BenchmarkDatabase.OpenAsync(connectionString, "candidates");

            var import = new CandidateImport(dataSource, catalog, new MatchRequestValidator(MatchLimits.Default));
            foreach (var pass in new[] { "into an empty pool", "again, unchanged" })
            {
                using var lines = File.OpenText(file);
                var result = await import.ImportAsync(lines, CancellationToken.None);
                if (result.Errors.Count > 0)
                {
                    Console.Error.WriteLine(string.Join(Environment.NewLine, result.Errors));
                    return 1;
                }

                Console.WriteLine($"Import {pass}: read {result.Read:N0}, stored {result.Stored:N0} in {result.Elapsed.TotalSeconds:0.0} s ({result.Read / result.Elapsed.TotalSeconds:N0} candidates/s)");
            }
        }
        finally
        {
            File.Delete(file);
        }

        return 0;
    }
}
