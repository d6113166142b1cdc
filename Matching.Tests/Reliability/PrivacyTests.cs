using System.Text;
using System.Text.Json.Nodes;
using Matching.Api.Hosting;
using Matching.Tests.Api;

namespace Matching.Tests.Reliability;

/// <summary>
/// People's data sent in valid and invalid requests never reaches the log: only request ids, routes, statuses,
/// counts, timings and the model version do.
/// </summary>
public class PrivacyTests : ServiceTests
{
    static readonly string[] Personal =
    [
        "jane.doe-emp-00007", "Rue de la Paix 12", "jane.doe@example.com", "secret-skill-x7q", "Secret merger Zanzibar",
        "key-of-jane-doe-91", "John-Smith-Request", "jane-doe-reload",
    ];

    /// <summary>The example request carrying the personal strings: a candidate id, a place, a description with an e-mail address, a skill.</summary>
    static JsonNode Request()
    {
        var request = JsonNode.Parse(OpenApiExamples.Read("match-request.json"))!;
        request["mission"]!["title"] = "Secret merger Zanzibar";
        request["mission"]!["location"] = "Rue de la Paix 12";
        request["mission"]!["description"] = "Write to jane.doe@example.com about secret-skill-x7q and C#.";
        var candidate = request["candidates"]![0]!;
        candidate["id"] = "jane.doe-emp-00007";
        candidate["location"] = "Rue de la Paix 12";
        candidate["skills"]!.AsArray().Add(new JsonObject { ["name"] = "secret-skill-x7q", ["level"] = 3 });
        return request;
    }

    async Task Send(HttpMethod method, string path, string? json, string key = MatchingApp.AdminKey, string? requestId = null)
    {
        using var message = new HttpRequestMessage(method, path);
        message.Headers.Add("X-Api-Key", key);
        if (requestId is not null)
        {
            message.Headers.Add("X-Request-Id", requestId);
        }

        if (json is not null)
        {
            message.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var anonymous = App.CreateAnonymousClient();
        using var response = await anonymous.SendAsync(message);
        await response.Content.ReadAsStringAsync();
    }

    [Test]
    public async Task Personal_strings_in_valid_and_invalid_requests_never_reach_the_log()
    {
        var valid = Request();
        var invalidLevel = Request();
        invalidLevel["candidates"]![0]!["skills"]!.AsArray().Add(new JsonObject { ["name"] = "secret-skill-x7q", ["level"] = 9 });
        var unknownField = Request();
        unknownField["candidates"]![0]!["secret-skill-x7q"] = "jane.doe@example.com";
        var duplicateId = Request();
        duplicateId["candidates"]![1]!["id"] = "jane.doe-emp-00007";

        await Send(HttpMethod.Post, "/v1/match", valid.ToJsonString(), requestId: "John-Smith-Request");
        await Send(HttpMethod.Post, "/v1/match", invalidLevel.ToJsonString());
        await Send(HttpMethod.Post, "/v1/match", unknownField.ToJsonString());
        await Send(HttpMethod.Post, "/v1/match", duplicateId.ToJsonString());
        await Send(HttpMethod.Post, "/v1/match", valid.ToJsonString()[..(valid.ToJsonString().Length / 2)]);
        await Send(HttpMethod.Post, "/v1/match", valid.ToJsonString(), key: "key-of-jane-doe-91");
        await Send(HttpMethod.Post, "/v1/skills/resolve", """{"names": ["secret-skill-x7q", "jane.doe@example.com"], "context": ["Rue de la Paix 12"]}""");
        await Send(HttpMethod.Post, "/v1/skills/resolve", """{"names": ["secret-skill-x7q"], "jane.doe-emp-00007": 1}""");
        await Send(HttpMethod.Post, "/v1/skills/extract", """{"text": "jane.doe@example.com knows secret-skill-x7q and Java", "language": "en"}""");
        await Send(HttpMethod.Post, "/v1/skills/extract", """{"text": "jane.doe@example.com", "language": "Rue de la Paix 12"}""");
        await Send(HttpMethod.Get, "/v1/skills?q=secret-skill-x7q&top=jane.doe-emp-00007", null);
        await Send(HttpMethod.Get, "/v1/people/jane.doe@example.com", null);
        await Send(HttpMethod.Post, "/v1/model/reload", """{"path": "jane-doe-reload"}""");
        await Send(HttpMethod.Post, "/v1/model/reload", """{"path": "../jane-doe-reload"}""");
        await Send(HttpMethod.Post, "/v1/model/reload", """{"path": "jane-doe-reload", "jane.doe@example.com": 1}""");
        await Send(HttpMethod.Post, "/v1/model/reload", """{"path": "jane-doe-reload"}""", key: MatchingApp.MatchKey, requestId: "John-Smith-Request");
        // The log is written asynchronously by nothing but the request itself; give the last line a moment anyway.
        await Task.Delay(100);

        var log = App.Logs.ToArray();
        Assert.That(log.Count(l => l.Contains("responded", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(16), "every request was logged");
        foreach (var personal in Personal)
        {
            Assert.That(log.Where(l => l.Contains(personal, StringComparison.OrdinalIgnoreCase)), Is.Empty, personal);
        }
    }
}
