using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Matching.Api.Hosting;
using Matching.Benchmarks;
using Matching.Tests.Api;

namespace Matching.Tests.Reliability;

/// <summary>
/// Hostile requests against every endpoint of the in-process service: never a 5xx, every 4xx a problem. The full
/// length (10,000 requests, the real process, raw sockets) is the benchmarks' fuzz mode (docs/reliability.md).
/// </summary>
public class FuzzTests
{
    /// <summary>Fixed, so CI is repeatable; MATCHING_FUZZ_SEED tries others.</summary>
    internal static int Seed => int.TryParse(Environment.GetEnvironmentVariable("MATCHING_FUZZ_SEED"), out var seed) ? seed : 20261127;

    [Test]
    public async Task Hostile_requests_never_get_a_5xx_and_every_4xx_is_a_problem()
    {
        using var models = new HostileModels(Path.Combine(AppContext.BaseDirectory, "models", "default"));
        using var app = new MatchingApp();
        app.Settings["Matching:ModelsRoot"] = models.Root;
        app.Settings["Matching:ModelPath"] = models.DefaultModel;
        using var client = app.CreateAnonymousClient();
        var requests = new HostileRequests(Seed, MatchingApp.AdminKey, MatchingApp.MatchKey, [Encoding.UTF8.GetBytes(OpenApiExamples.Read("match-request.json"))], models.Root);

        var (statuses, failures, notSent) = await HostileRules.RunAsync(client, requests, from: 0, count: 1500, parallelism: 4);

        TestContext.Out.WriteLine($"seed {Seed}: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        Assert.That(failures, Is.Empty, $"seed {Seed} (MATCHING_FUZZ_SEED={Seed} runs it again):\n{string.Join("\n", failures.Take(10))}");
        Assert.That(notSent, Is.SubsetOf(new[] { "The path contains null characters." }), "only what the test host cannot carry was not sent");
        Assert.That(statuses.Keys, Is.SupersetOf(new[] { 200, 400, 401, 403, 404, 405, 415, 422 }), "every kind of answer was reached");
    }

    /// <summary>A match request whose mission lists no skills, so its description decides them, and whose every experience is described by <paramref name="text"/>.</summary>
    static string Described(string text)
    {
        var request = JsonNode.Parse(OpenApiExamples.Read("match-request.json"))!;
        var description = HostileTexts.Cut(text, 10_000);
        request["mission"]!.AsObject().Remove("skills");
        request["mission"]!["description"] = description;
        foreach (var candidate in request["candidates"]!.AsArray())
        {
            foreach (var experience in candidate!["experiences"]?.AsArray() ?? [])
            {
                experience!["description"] = description;
            }
        }

        return request.ToJsonString();
    }

    /// <summary>The time bound is a backstop far above the 0.1 s these take; SkillExtractionTests counts the work itself.</summary>
    [Test]
    public async Task Hostile_texts_are_answered_in_time_by_every_endpoint_that_reads_text()
    {
        using var app = new MatchingApp();
        using var client = app.CreateClient();
        // Once first: the first text read builds the phrase index (0.7 s) and compiles the code.
        using (await client.PostAsJsonAsync("/v1/skills/extract", new { text = "Python and SQL", language = "en" }))
        using (await client.PostAsync("/v1/match", new StringContent(Described("Python and SQL"), Encoding.UTF8, "application/json")))
        {
        }

        var times = new List<string>();
        var slowest = TimeSpan.Zero;
        foreach (var (name, text) in HostileTexts.All)
        {
            var watch = Stopwatch.StartNew();
            using var extract = await client.PostAsJsonAsync("/v1/skills/extract", new { text, language = "en" });
            await extract.Content.ReadAsByteArrayAsync();
            var extracted = watch.Elapsed;
            watch.Restart();
            using var match = await client.PostAsync("/v1/match", new StringContent(Described(text), Encoding.UTF8, "application/json"));
            var matched = watch.Elapsed;
            slowest = new[] { slowest, extracted, matched }.Max();
            times.Add($"{name}: {extracted.TotalMilliseconds:0}/{matched.TotalMilliseconds:0} ms");

            Assert.That(extract.StatusCode, Is.EqualTo(HttpStatusCode.OK), name);
            Assert.That((int)match.StatusCode, Is.EqualTo(200).Or.EqualTo(400), $"{name}: ranked, or refused for naming no skill");
            Assert.That(extracted, Is.LessThan(TimeSpan.FromSeconds(5)), name);
            Assert.That(matched, Is.LessThan(TimeSpan.FromSeconds(5)), name);
        }

        var worst = HostileTexts.All[0].Text;
        var atOnce = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsJsonAsync("/v1/skills/extract", new { text = worst, language = "en" });
            await response.Content.ReadAsByteArrayAsync();
            return (response.StatusCode, watch.Elapsed);
        }));

        TestContext.Out.WriteLine($"extract/match: {string.Join("; ", times)}");
        TestContext.Out.WriteLine($"slowest alone {slowest.TotalMilliseconds:0} ms; four at once {string.Join(", ", atOnce.Select(a => $"{a.Elapsed.TotalMilliseconds:0}"))} ms");
        Assert.That(atOnce.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(atOnce.Select(a => a.Elapsed), Is.All.LessThan(TimeSpan.FromSeconds(10)));
    }
}
