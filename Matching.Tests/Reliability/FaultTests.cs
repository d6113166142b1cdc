using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Api.Hosting;
using Matching.Benchmarks;
using Matching.Tests.Api;

namespace Matching.Tests.Reliability;

/// <summary>Broken and hostile model reloads while matches run: none fails, each reload is refused, the old model keeps serving.</summary>
public class FaultTests
{
    [Test]
    public async Task Bad_reloads_during_matches_are_refused_and_every_match_is_answered_by_the_serving_model()
    {
        using var models = new HostileModels(Path.Combine(AppContext.BaseDirectory, "models", "default"));
        using var app = new MatchingApp();
        app.Settings["Matching:ModelsRoot"] = models.Root;
        app.Settings["Matching:ModelPath"] = models.DefaultModel;
        using var client = app.CreateClient();
        var serving = (await client.GetFromJsonAsync<JsonElement>("/v1/model")).GetProperty("version").GetString();
        var body = OpenApiExamples.Read("match-request.json");
        var answeredBy = new ConcurrentBag<(HttpStatusCode Status, string? Version)>();
        using var reloadsDone = new CancellationTokenSource();

        var matches = Enumerable.Range(0, 4).Select(async _ =>
        {
            do
            {
                using var response = await client.PostAsync("/v1/match", new StringContent(body, Encoding.UTF8, "application/json"));
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                answeredBy.Add((response.StatusCode, response.IsSuccessStatusCode ? answer.GetProperty("modelVersion").GetString() : null));
            }
            while (!reloadsDone.IsCancellationRequested);
        }).ToArray();

        foreach (var path in HostileModels.Refused)
        {
            using var response = await client.PostAsJsonAsync("/v1/model/reload", new { path });
            Assert.That((int)response.StatusCode, Is.EqualTo(400).Or.EqualTo(422), path);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), path);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                Assert.That(problem.GetProperty("serving").GetString(), Is.EqualTo(serving), path);
            }
        }

        await reloadsDone.CancelAsync();
        await Task.WhenAll(matches);

        Assert.That(answeredBy, Has.Count.GreaterThanOrEqualTo(4));
        Assert.That(answeredBy, Has.All.EqualTo((HttpStatusCode.OK, serving)));
        Assert.That((await client.GetFromJsonAsync<JsonElement>("/v1/model")).GetProperty("version").GetString(), Is.EqualTo(serving));
    }
}
