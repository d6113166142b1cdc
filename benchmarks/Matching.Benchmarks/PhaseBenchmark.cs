using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Training.Generation;
using Matching.Core.Ranking;
using Matching.Core.Skills;
using Matching.Core.Validation;

namespace Matching.Benchmarks;

/// <summary>
/// The phases of one 10,000-candidate request, in process and on one thread, without HTTP: locating the
/// candidates, then reading each one's JSON, validating it and computing its features. Steadier than the HTTP
/// benchmark on a shared machine, so it is the one to compare changes to the read path with.
/// </summary>
static class PhaseBenchmark
{
    public static int Run(string[] args)
    {
        var passes = HttpBenchmark.Option(args, "--passes", 15);
        Console.WriteLine($"Machine: {Machine.Describe()}");
        var catalog = SkillCatalog.Load(Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz"));
        var world = new StaffingWorld(catalog, seed: 11, population: 10_000);
        Console.WriteLine(EverydayNames.Describe(args));
        var body = JsonSerializer.SerializeToUtf8Bytes(EverydayNames.Prepare(world.SampleRequest(10_000, top: 20), catalog, 0, args), MatchingJson.Default.MatchRequest);
        var ranker = new Ranker(catalog);
        var validator = new MatchRequestValidator(MatchLimits.Default);
        var features = new float[FeatureSchema.Count];

        long allocated = 0;
        var tokens = new List<double>();
        var locate = new List<double>();
        var read = new List<double>();
        var validate = new List<double>();
        var assess = new List<double>();
        for (var pass = 0; pass < passes + 3; pass++)
        {
            // The floor: the JSON reader alone going over every token of the body.
            var watch = Stopwatch.StartNew();
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
            }

            var tokenized = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var document = MatchDocument.Parse(body);
            var located = watch.Elapsed.TotalMilliseconds;

            var mission = ranker.Resolve(document.Mission!);
            var errors = new ValidationErrors();
            long readTicks = 0, validateTicks = 0, assessTicks = 0;
            // As the service does: each candidate is read, validated and assessed, then dropped.
            for (var i = 0; i < document.CandidateCount; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var candidate = document.ReadCandidate(i);
                var t1 = Stopwatch.GetTimestamp();
                validator.ValidateCandidate(candidate, i, errors);
                var t2 = Stopwatch.GetTimestamp();
                FeatureExtractor.Assess(mission, candidate!, features);
                var t3 = Stopwatch.GetTimestamp();
                readTicks += t1 - t0;
                validateTicks += t2 - t1;
                assessTicks += t3 - t2;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            var readMs = Milliseconds(readTicks);
            var validated = Milliseconds(validateTicks);
            var assessed = Milliseconds(assessTicks);
            if (!errors.IsEmpty)
            {
                throw new InvalidOperationException("The sample request should be valid.");
            }

            // The first passes warm the JIT up.
            if (pass >= 3)
            {
                tokens.Add(tokenized);
                locate.Add(located);
                read.Add(readMs);
                validate.Add(validated);
                assess.Add(assessed);
            }
        }

        Console.WriteLine($"10,000 candidates ({body.Length / 1e6:0.0} MB), one thread, median of {passes} passes:");
        foreach (var (name, times) in new[] { ("tokens", tokens), ("locate", locate), ("read", read), ("validate", validate), ("features", assess) })
        {
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-9} {Machine.Percentile(times, 50),7:0.0} ms  ({times[0]:0.0}–{times[^1]:0.0})"));
        }

        Console.WriteLine($"  allocated {allocated / 10_000.0:0} bytes per candidate located, read, validated and assessed");
        Console.WriteLine("  (locating reads the first 256 candidates as it finds them; \"read\" is the other 9,744)");
        return 0;
    }

    static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
