using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Matching.Api.Candidates;
using Matching.Api.Database;
using Matching.Core.Contracts;
using Matching.Core.Skills;
using Matching.Core.Validation;
using Matching.Training.Generation;

namespace Matching.Benchmarks;

/// <summary>
/// GET /v1/missions/{id}/suggestions against the real service on loopback, over a stored pool of 100,000 generated
/// candidates (imported into the database of MATCHING_TEST_DATABASE or --connection-string): 20 missions of the
/// synthetic organisation (--missions), each asked for its top 10 (explained) five times (--passes) after one warm-up
/// pass, then once with exhaustive=true to count how many of its top 10 the shortlist (--shortlist) returned.
/// --broad: each mission asks for one of the skills most declared in the pool instead (the shortlist's weakest case).
/// Target: p50 ≤ 300 ms.
/// </summary>
static class SuggestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = HttpBenchmark.Option(args, "--candidates", 100_000);
        var passes = HttpBenchmark.Option(args, "--passes", 5);
        var shortlist = HttpBenchmark.Option(args, "--shortlist", new DatabaseOptions().SuggestionShortlist);
        var missionCount = HttpBenchmark.Option(args, "--missions", 20);
        if (BenchmarkDatabase.ConnectionString(args) is not { } connectionString)
        {
            return 2;
        }

        Console.WriteLine($"Machine: {Machine.Describe()}");
        var catalog = SkillCatalog.Load(Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz"));
        var world = new StaffingWorld(catalog, seed: 11, population: count);
        var candidates = world.SampleRequest(count).Candidates!;
        await using (var dataSource = await BenchmarkDatabase.OpenAsync(connectionString, "candidates", "missions"))
        {
            var lines = new StringReader(string.Join('\n', candidates.Select(c => JsonSerializer.Serialize(c, MatchingJson.Default.Candidate))));
            var imported = await new CandidateImport(dataSource, catalog, new MatchRequestValidator(MatchLimits.Default)).ImportAsync(lines, CancellationToken.None);
            Console.WriteLine($"Pool: {imported.Stored:N0} candidates imported in {imported.Elapsed.TotalSeconds:0.0} s");
            await using var analyze = dataSource.CreateCommand("analyze candidates");
            await analyze.ExecuteNonQueryAsync();
        }

        using var service = await ServiceProcess.StartAsync(5198,
            ("ConnectionStrings__Matching", connectionString), ("Matching__ApiKeys__0__Scopes__1", "data"),
            ("Matching__Database__SuggestionShortlist", shortlist.ToString(CultureInfo.InvariantCulture)));
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceProcess.Key);
        var missions = Enumerable.Range(0, missionCount).Select(i => world.SampleRequest(1, index: i).Mission!).ToList();
        if (args.Contains("--broad"))
        {
            // The shortlist's weakest case: each mission asks for one of the skills most declared in the pool, at level 1,
            // so tens of thousands are equal to the first stage (all hold the skill and are free).
            var common = candidates.SelectMany(c => (c.Skills ?? []).Select(k => k.Name!)).CountBy(n => n).OrderByDescending(n => n.Value)
                .Take(missionCount).Select(n => n.Key).ToList();
            missions = [.. missions.Zip(common, (m, skill) => m with
            {
                Id = m.Id + "-broad",
                Skills = [new MissionSkill { Name = skill, Level = 1, Weight = 1 }],
                Description = null,
            })];
        }

        foreach (var mission in missions)
        {
            using var put = await client.PutAsync($"{service.Url}/v1/missions/{mission.Id}",
                new StringContent(JsonSerializer.Serialize(mission, MatchingJson.Default.Mission), System.Text.Encoding.UTF8, "application/json"));
            put.EnsureSuccessStatusCode();
        }

        var times = new List<double>();
        var considered = new List<int>();
        for (var pass = 0; pass <= passes; pass++)
        {
            foreach (var mission in missions)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync($"{service.Url}/v1/missions/{mission.Id}/suggestions?top=10");
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"{(int)response.StatusCode}: {body}");
                    return 1;
                }

                // The first pass warms the JIT and PostgreSQL's caches up.
                if (pass > 0)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    using var document = JsonDocument.Parse(body);
                    considered.Add(document.RootElement.GetProperty("pool").GetProperty("considered").GetInt32());
                }
            }
        }

        // The shortlist against every kept candidate ranked: how many of the exhaustive top 10 the shortlist returns.
        var exhaustiveTimes = new List<double>();
        int agreed = 0, wanted = 0, identical = 0;
        foreach (var mission in missions)
        {
            var shortlisted = await TopIdsAsync(client, $"{service.Url}/v1/missions/{mission.Id}/suggestions?top=10");
            var watch = Stopwatch.StartNew();
            var exhaustive = await TopIdsAsync(client, $"{service.Url}/v1/missions/{mission.Id}/suggestions?top=10&exhaustive=true");
            exhaustiveTimes.Add(watch.Elapsed.TotalMilliseconds);
            agreed += exhaustive.Intersect(shortlisted).Count();
            wanted += exhaustive.Count;
            identical += exhaustive.SequenceEqual(shortlisted) ? 1 : 0;
        }

        times.Sort();
        considered.Sort();
        exhaustiveTimes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Suggestions, top 10 explained, shortlist {shortlist:N0}, {times.Count} requests ({missions.Count} missions × {passes}): p50 {Machine.Percentile(times, 50):0.0} ms, p90 {Machine.Percentile(times, 90):0.0} ms, max {times[^1]:0.0} ms"));
        Console.WriteLine($"  candidates read and ranked per mission: median {considered[considered.Count / 2]:N0}, range {considered[0]:N0}–{considered[^1]:N0} of {count:N0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  exhaustive=true (every kept candidate ranked): p50 {Machine.Percentile(exhaustiveTimes, 50):0.0} ms; the shortlist returned {agreed} of its {wanted} top-10 candidates, the same top 10 in the same order for {identical} of {missions.Count} missions"));
        return 0;
    }

    static async Task<List<string>> TopIdsAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("candidateId").GetString()!)];
    }
}
