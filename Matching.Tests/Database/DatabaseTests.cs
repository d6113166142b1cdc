using System.Net;
using System.Text;
using System.Text.Json;
using Matching.Tests.Api;

namespace Matching.Tests.Database;

/// <summary>A fixture's in-process service on the test database, emptied before each test.</summary>
[NonParallelizable]
public abstract class DatabaseTests
{
    protected MatchingApp App { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartService()
    {
        App = new MatchingApp();
        App.Settings["ConnectionStrings:Matching"] = TestDatabase.ConnectionString;
        App.Settings["Matching:Database:ConnectTimeoutSeconds"] = "2";
        App.Settings["Matching:Database:CommandTimeoutSeconds"] = "5";
        Configure(App.Settings);
        Client = App.CreateClient();
    }

    /// <summary>Settings a fixture adds to the service's before it starts.</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    [OneTimeTearDown]
    public void StopService()
    {
        Client?.Dispose();
        App?.Dispose();
    }

    [SetUp]
    public Task EmptyTheDatabase() => TestDatabase.ResetAsync();

    protected Task<HttpResponseMessage> Send(HttpMethod method, string path, string json) =>
        Client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    protected Task<HttpResponseMessage> Put(string path, string json) => Send(HttpMethod.Put, path, json);

    protected Task<HttpResponseMessage> Post(string path, string json) => Send(HttpMethod.Post, path, json);

    /// <summary>The fields a 400 problem names, with their messages.</summary>
    protected static async Task<Dictionary<string, string[]>> Problems(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    protected static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
