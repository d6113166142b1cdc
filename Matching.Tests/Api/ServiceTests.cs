using System.Net;
using System.Text;
using System.Text.Json;

namespace Matching.Tests.Api;

/// <summary>A fixture's in-process service, started once, and a client that holds a key of every scope.</summary>
public abstract class ServiceTests
{
    protected MatchingApp App { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartService()
    {
        App = new MatchingApp();
        Client = App.CreateClient();
    }

    [OneTimeTearDown]
    public void StopService()
    {
        Client.Dispose();
        App.Dispose();
    }

    protected Task<HttpResponseMessage> PostJson(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>The fields a 400 problem names, with their messages.</summary>
    protected static async Task<Dictionary<string, string[]>> Problems(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
