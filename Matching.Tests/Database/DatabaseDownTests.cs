using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Matching.Core.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Matching.Tests.Database;

public class DatabaseDownTests : DatabaseTests
{
    const int ConnectTimeoutSeconds = 2;
    const int CommandTimeoutSeconds = 2;
    const int ReadinessTimeoutSeconds = 1;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Matching:Database:ConnectTimeoutSeconds"] = $"{ConnectTimeoutSeconds}";
        settings["Matching:Database:CommandTimeoutSeconds"] = $"{CommandTimeoutSeconds}";
        settings["Matching:Database:ReadinessTimeoutSeconds"] = $"{ReadinessTimeoutSeconds}";
    }

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

            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(2 * ConnectTimeoutSeconds + 1)), $"within the connect timeout ({ConnectTimeoutSeconds} s here) per request");
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

    /// <summary>
    /// The cluster's processes stopped (SIGSTOP), as on a hung host: TCP connections are still accepted, nothing answers.
    /// Without the fix the read took CommandTimeout + 2 × ConnectTimeout (6 s here) and readiness as long.
    /// </summary>
    [Test]
    public async Task A_frozen_database_answers_readiness_and_503_within_their_timeouts_and_the_service_recovers()
    {
        var ada = JsonSerializer.Serialize(Build.Candidate("ada", Build.Has("C#")), MatchingJson.Default.Candidate);
        (await Put("/v1/candidates/ada", ada)).Dispose();
        await FillThePool(3);
        Assert.That(await Client.GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));

        try
        {
            TestDatabase.Server("freeze");
            // Both take a connection opened before the freeze.
            var read = Timed(() => Client.GetAsync("/v1/candidates/ada"));
            var ready = Timed(() => Client.GetAsync("/health/ready"));
            var (readResponse, readElapsed) = await read;
            var (readyResponse, readyElapsed) = await ready;
            using var readAnswer = readResponse;
            using var readyAnswer = readyResponse;
            await TestContext.Out.WriteLineAsync($"frozen: readiness answered in {readyElapsed.TotalMilliseconds:0} ms, the read in {readElapsed.TotalMilliseconds:0} ms");

            Assert.That(await readyAnswer.Content.ReadAsStringAsync(), Is.EqualTo("Degraded"));
            Assert.That(readyElapsed, Is.LessThan(TimeSpan.FromSeconds(ReadinessTimeoutSeconds + 2)), "within the readiness timeout");
            Assert.That(readAnswer.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(readAnswer.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(readElapsed, Is.LessThan(TimeSpan.FromSeconds(CommandTimeoutSeconds + ConnectTimeoutSeconds + 1)),
                "the command timeout, then the cancel request's connect timeout");
            Assert.That(App.Logs, Has.None.StartsWith("[Error]"));
            Assert.That(App.Logs, Has.None.Contains("   at "), "no stack trace: a database that does not answer is expected");
        }
        finally
        {
            TestDatabase.Server("thaw");
        }

        using var again = await Client.GetAsync("/v1/candidates/ada");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the service recovered by itself");
        Assert.That(await again.Content.ReadAsStringAsync(), Is.EqualTo(ada), "nothing stored was lost");
        Assert.That(await Client.GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));
    }

    /// <summary>Leaves this many idle connections in the service's pool.</summary>
    async Task FillThePool(int connections)
    {
        var dataSource = App.Services.GetRequiredService<NpgsqlDataSource>();
        var opened = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => dataSource.OpenConnectionAsync().AsTask()));
        foreach (var connection in opened)
        {
            await connection.DisposeAsync();
        }
    }

    static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> Timed(Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        var response = await send();
        return (response, watch.Elapsed);
    }
}
