using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Matching.Tests.Api;

/// <summary>API keys and scopes on every endpoint but health and the OpenAPI document.</summary>
public class AccessTests
{
    MatchingApp app = null!;

    [OneTimeSetUp]
    public void StartService() => app = new MatchingApp();

    [OneTimeTearDown]
    public void StopService() => app.Dispose();

    static HttpRequestMessage Call(string method, string path, string? key)
    {
        var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            message.Content = new StringContent(path.EndsWith("/match", StringComparison.Ordinal) ? Matching.Api.Hosting.OpenApiExamples.Read("match-request.json")
                : path.EndsWith("/resolve", StringComparison.Ordinal) ? """{"names": ["Java"]}"""
                : path.EndsWith("/extract", StringComparison.Ordinal) ? """{"text": "Java", "language": "en"}"""
                : """{"path": "default"}""", Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            message.Headers.Add("X-Api-Key", key);
        }

        return message;
    }

    static readonly (string Method, string Path, string Scope)[] Endpoints =
    [
        ("POST", "/v1/match", "match"),
        ("POST", "/v1/skills/resolve", "match"),
        ("POST", "/v1/skills/extract", "match"),
        ("GET", "/v1/skills?q=java", "match"),
        ("GET", "/v1/model", "admin"),
        ("POST", "/v1/model/reload", "admin"),
    ];

    [Test]
    public async Task Every_endpoint_answers_401_without_a_key_and_with_an_unknown_one()
    {
        using var client = app.CreateAnonymousClient();
        foreach (var (method, path, _) in Endpoints)
        {
            foreach (var key in new[] { null, "not-a-key", MatchingApp.AdminKey + " " })
            {
                using var response = await client.SendAsync(Call(method, path, key));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path} with {key ?? "no key"}");
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            }
        }
    }

    [Test]
    public async Task A_key_reaches_only_what_its_scopes_allow()
    {
        using var client = app.CreateAnonymousClient();
        foreach (var (method, path, scope) in Endpoints)
        {
            using var response = await client.SendAsync(Call(method, path, MatchingApp.MatchKey));
            if (scope == "match")
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{method} {path}");
            }
            else
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{method} {path}");
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(403));
            }
        }

        using var admin = await client.SendAsync(Call("GET", "/v1/model", MatchingApp.AdminKey));
        Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    [TestCase("/swagger/v1/swagger.json")]
    public async Task Health_and_the_openapi_document_need_no_key(string path)
    {
        using var client = app.CreateAnonymousClient();
        using var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_openapi_document_declares_the_key_scheme()
    {
        using var client = app.CreateAnonymousClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.That((scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()),
            Is.EqualTo(("apiKey", "header", "X-Api-Key")));
        Assert.That(document.GetProperty("security").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Swagger_ui_is_off_in_production_unless_asked()
    {
        using var production = new MatchingApp();
        production.Settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var client = production.WithWebHostBuilder(b => Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(b, "Production")).CreateClient();
        using var ui = await client.GetAsync("/swagger/index.html");
        Assert.That(ui.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var asked = production.WithWebHostBuilder(b => Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(b, "Production").UseSetting("Matching:SwaggerUi", "true")).CreateClient();
        using var shown = await asked.GetAsync("/swagger/index.html");
        Assert.That(shown.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void Keys_are_configured_by_hash_and_new_ones_are_random()
    {
        var first = Matching.Api.Hosting.ApiKeys.NewKey();
        var second = Matching.Api.Hosting.ApiKeys.NewKey();
        Assert.That(first, Is.Not.EqualTo(second).And.Length.GreaterThanOrEqualTo(40));
        Assert.That(Matching.Api.Hosting.ApiKeys.Hash("abc"), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }
}

/// <summary>Per-key limits: a caller over its share gets a 429 problem with Retry-After; others are not held up.</summary>
public class RateLimitTests
{
    [Test]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_and_another_key_still_passes()
    {
        using var app = new MatchingApp();
        app.Settings["Matching:RateLimit:RequestsPerSecond"] = "10";
        app.Settings["Matching:RateLimit:Burst"] = "5";
        using var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.GetAsync("/v1/skills?q=java");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.That(response.Headers.RetryAfter, Is.Not.Null);
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            }
        }

        Assert.That(statuses.Take(5), Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(statuses, Has.Some.EqualTo(HttpStatusCode.TooManyRequests));

        using var other = app.CreateAnonymousClient();
        other.DefaultRequestHeaders.Add("X-Api-Key", MatchingApp.MatchKey);
        using var passed = await other.GetAsync("/v1/skills?q=java");
        Assert.That(passed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another key has its own bucket");

        using var health = await app.CreateAnonymousClient().GetAsync("/health/live");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>
    /// Behind a reverse proxy every caller comes from the proxy's address: with ASP.NET Core's own switch
    /// (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, documented in the README) callers without a key are told
    /// apart by X-Forwarded-For; without it the header is ignored, so a client cannot pick its own bucket.
    /// </summary>
    [TestCase(true)]
    [TestCase(false)]
    public async Task Callers_without_a_key_are_told_apart_by_forwarded_address_only_when_forwarding_is_enabled(bool forwarding)
    {
        using var app = new MatchingApp();
        app.Settings["Matching:RateLimit:RequestsPerSecond"] = "1";
        app.Settings["Matching:RateLimit:Burst"] = "2";
        if (forwarding)
        {
            app.Settings["FORWARDEDHEADERS_ENABLED"] = "true";
        }

        using var client = app.CreateAnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/skills?q=java");
            request.Headers.Add("X-Forwarded-For", $"192.0.2.{i}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, forwarding ? Has.All.EqualTo(HttpStatusCode.Unauthorized) : Has.Some.EqualTo(HttpStatusCode.TooManyRequests));
    }
}
