using System.Net;
using System.Text.Json;
using Matching.Api.Hosting;
using Matching.Core.Contracts;

namespace Matching.Tests.Api;

public class OpenApiTests
{
    [Test]
    public async Task The_document_describes_every_operation_with_examples()
    {
        using var app = new MatchingApp();
        using var client = app.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"));
        var paths = document.RootElement.GetProperty("paths");

        var match = paths.GetProperty("/v1/match").GetProperty("post");
        Assert.That(match.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("mission").ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(match.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("results").GetArrayLength(), Is.GreaterThan(0));
        Assert.That(match.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), Does.EndWith("/MatchResponse"));
        Assert.That(match.GetProperty("responses").TryGetProperty("400", out _), Is.True);
        Assert.That(paths.GetProperty("/v1/model").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _), Is.True);
        var reload = paths.GetProperty("/v1/model/reload").GetProperty("post");
        Assert.That(reload.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _), Is.True);
        Assert.That(reload.GetProperty("responses").EnumerateObject().Select(r => r.Name), Is.SupersetOf(new[] { "200", "400", "401", "403", "422" }));
        Assert.That(reload.GetProperty("responses").GetProperty("422").GetProperty("content").GetProperty("application/problem+json").GetProperty("example").GetProperty("serving").GetString(), Is.Not.Empty);
        foreach (var health in new[] { "/health/live", "/health/ready" })
        {
            var get = paths.GetProperty(health).GetProperty("get");
            Assert.That(get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("text/plain").GetProperty("example").GetString(), Is.EqualTo("Healthy"));
        }

        Assert.That(paths.GetProperty("/health/ready").GetProperty("get").GetProperty("responses").TryGetProperty("503", out _), Is.True);
    }

    [Test]
    public async Task The_database_operations_are_described_with_their_scope_only_when_a_database_is_configured()
    {
        using var withDatabase = new MatchingApp();
        // Nothing connects to it: the document is built without a database.
        withDatabase.Settings["ConnectionStrings:Matching"] = "Host=127.0.0.1;Port=1;Database=none";
        using var withoutDatabase = new MatchingApp();
        using var client = withDatabase.CreateClient();
        using var plainClient = withoutDatabase.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"));
        using var plain = JsonDocument.Parse(await plainClient.GetStringAsync("/swagger/v1/swagger.json"));

        var paths = document.RootElement.GetProperty("paths");
        var operations = new[] { ("/v1/candidates/{id}", "put"), ("/v1/candidates/{id}", "get"), ("/v1/candidates/{id}", "delete"), ("/v1/missions/{id}", "put"), ("/v1/missions/{id}", "get"), ("/v1/outcomes", "post"), ("/v1/outcomes/{clientDecisionId}", "patch") };
        foreach (var (path, method) in operations)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.That(operation.GetProperty("summary").GetString(), Does.EndWith("(scope: data)"), $"{method} {path}");
            Assert.That(operation.GetProperty("responses").EnumerateObject().Select(r => r.Name), Is.SupersetOf(new[] { "401", "403", "503" }), $"{method} {path}");
        }

        foreach (var (path, method, problems) in new[]
        {
            ("/v1/model/versions", "get", new[] { "401", "403", "503" }),
            ("/v1/model/versions", "post", new[] { "400", "401", "403", "422", "503" }),
            ("/v1/model/promote", "post", new[] { "400", "401", "403", "404", "503" }),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.That(operation.GetProperty("summary").GetString(), Does.EndWith("(scope: admin)"), $"{method} {path}");
            Assert.That(operation.GetProperty("responses").EnumerateObject().Select(r => r.Name), Is.SupersetOf(problems), $"{method} {path}");
        }

        Assert.That(plain.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name), Has.None.EqualTo("/v1/model/promote").And.None.EqualTo("/v1/model/versions"));
        Assert.That(paths.GetProperty("/v1/candidates/{id}").GetProperty("put").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), Does.EndWith("/Candidate"));
        Assert.That(plain.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name), Has.None.StartWith("/v1/candidates").And.None.StartWith("/v1/outcomes"));
    }

    [Test]
    public async Task The_example_problem_is_what_the_service_answers_to_such_a_request()
    {
        using var app = new MatchingApp();
        using var client = app.CreateClient();
        var mission = Build.Mission(Build.Skill("C#"), Build.Skill("SQL", level: 6)) with { Capacity = 1.5 };
        var request = Build.Request(mission, Build.Candidate("a"), Build.Candidate("b"), Build.Candidate("c"), Build.Candidate("a"));

        using var response = await client.PostAsync("/v1/match", new StringContent(JsonSerializer.Serialize(request, MatchingJson.Default.MatchRequest), System.Text.Encoding.UTF8, "application/json"));
        using var live = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var example = JsonDocument.Parse(OpenApiExamples.Read("match-problem.json"));

        static Dictionary<string, string[]> Errors(JsonDocument problem) =>
            problem.RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;

        Assert.That((int)response.StatusCode, Is.EqualTo(example.RootElement.GetProperty("status").GetInt32()));
        Assert.That(live.RootElement.GetProperty("title").GetString(), Is.EqualTo(example.RootElement.GetProperty("title").GetString()));
        Assert.That(Errors(live), Is.EquivalentTo(Errors(example)));
    }

    [Test]
    public async Task Swagger_ui_is_served()
    {
        using var app = new MatchingApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/swagger/index.html");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_example_response_is_what_the_service_answers_to_the_example_request()
    {
        using var app = new MatchingApp();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/v1/match", new StringContent(OpenApiExamples.Read("match-request.json"), System.Text.Encoding.UTF8, "application/json"));
        var live = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), MatchingJson.Default.MatchResponse)!;
        var example = JsonSerializer.Deserialize(OpenApiExamples.Read("match-response.json"), MatchingJson.Default.MatchResponse)!;

        Assert.That(JsonSerializer.Serialize(live with { RequestId = example.RequestId }, MatchingJson.Default.MatchResponse),
            Is.EqualTo(JsonSerializer.Serialize(example, MatchingJson.Default.MatchResponse)),
            "Regenerate Matching.Api/Examples with scripts/examples.sh after changing the model or the ranking.");
    }
}
