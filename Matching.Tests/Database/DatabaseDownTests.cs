using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Matching.Core.Contracts;

namespace Matching.Tests.Database;

public class DatabaseDownTests : DatabaseTests
{
    [Test]
    public async Task A_stopped_database_is_a_503_with_retry_after_matching_still_answers_and_the_service_recovers()
    {
        var ada = JsonSerializer.Serialize(Build.Candidate("ada", Build.Has("C#")), MatchingJson.Default.Candidate);
        var match = JsonSerializer.Serialize(Build.Request(Build.Mission(), Build.Candidate("ada", Build.Has("C#"))), MatchingJson.Default.MatchRequest);
        (await Put("/v1/candidates/ada", ada)).Dispose();

        TestDatabase.Server("pause");
        try
        {
            var watch = Stopwatch.StartNew();
            using var read = await Client.GetAsync("/v1/candidates/ada");
            using var write = await Put("/v1/candidates/bob", ada.Replace("\"ada\"", "\"bob\"", StringComparison.Ordinal));
            var elapsed = watch.Elapsed;
            using var matched = await Post("/v1/match", match);
            var ready = await Client.GetStringAsync("/health/ready");

            foreach (var response in new[] { read, write })
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            }

            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(2 * 2 + 1)), "within the connect timeout (2 s here) per request");
            Assert.That(matched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ready, Is.EqualTo("Degraded"));
            Assert.That(App.Logs.Where(l => l.StartsWith("[Error]", StringComparison.Ordinal)), Is.Empty);
            Assert.That(App.Logs, Has.Some.StartsWith("[Warning]").And.Contains("Database unavailable"));
        }
        finally
        {
            TestDatabase.Server("resume");
        }

        using var again = await Client.GetAsync("/v1/candidates/ada");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the pool's broken connections were replaced");
        Assert.That(await Client.GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));
    }
}
