using System.Text;
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
}
