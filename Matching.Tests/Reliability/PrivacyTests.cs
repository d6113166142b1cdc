using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Matching.Api.Hosting;
using Matching.Core.Model;
using Matching.Tests.Api;
using Matching.Tests.Database;

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
        static bool Responded(string line) => line.Contains("responded", StringComparison.Ordinal);
        var earlier = App.Logs.Count(Responded);
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
        // A request's line is written once its response is sent: the last may come after the client has it.
        await App.WaitForLogsAsync(Responded, count: earlier + 16);

        var log = App.Logs.ToArray();
        foreach (var personal in Personal)
        {
            Assert.That(log.Where(l => l.Contains(personal, StringComparison.OrdinalIgnoreCase)), Is.Empty, personal);
        }
    }

    const string PersonalModel = "jane.doe-personal-model";

    /// <summary>Model directories named after a person, each broken its own way: a model.zip that is not a zip, a card cut short, no files.</summary>
    static string PersonalModels()
    {
        var root = Path.Combine(Path.GetTempPath(), $"matching-privacy-{Guid.NewGuid():N}");
        var shipped = Path.Combine(AppContext.BaseDirectory, "models", "default");
        foreach (var (suffix, model, card) in new[] { ("", "not a zip", null), ("-card", null, "{\"version\":"), ("-empty", "", "") })
        {
            var directory = Path.Combine(root, PersonalModel + suffix);
            Directory.CreateDirectory(directory);
            if (model != "")
            {
                File.Copy(Path.Combine(shipped, MlNetModel.FileName), Path.Combine(directory, MlNetModel.FileName));
                File.Copy(Path.Combine(shipped, RankingModel.CardFile), Path.Combine(directory, RankingModel.CardFile));
                File.WriteAllText(Path.Combine(directory, model is null ? RankingModel.CardFile : MlNetModel.FileName), model ?? card);
            }
        }

        return root;
    }

    [Test]
    public async Task A_broken_model_directory_named_after_a_person_is_named_in_no_log_line_and_no_answer()
    {
        await TestDatabase.ResetAsync();
        var root = PersonalModels();
        using var app = new MatchingApp();
        app.Settings["ConnectionStrings:Matching"] = TestDatabase.ConnectionString;
        app.Settings["Matching:ModelsRoot"] = root;
        app.Settings["Matching:ModelPath"] = Path.Combine(AppContext.BaseDirectory, "models", "default");
        app.Settings["Matching:Registry:CacheDirectory"] = Path.Combine(root, ".cache");
        using var client = app.CreateClient();
        var answers = new List<string>();
        foreach (var name in Directory.GetDirectories(root, PersonalModel + "*").Select(Path.GetFileName))
        {
            foreach (var (route, title) in new[] { ("/v1/model/reload", "reload"), ("/v1/model/versions", "register") })
            {
                using var response = await client.PostAsJsonAsync(route, new { path = name });
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), $"{title} {name}");
                answers.Add(await response.Content.ReadAsStringAsync());
            }
        }

        // And at start-up, the same directory configured as the model to serve.
        using var starting = new MatchingApp();
        starting.Settings["Matching:ModelsRoot"] = root;
        starting.Settings["Matching:ModelPath"] = Path.Combine(root, PersonalModel);
        var failure = Assert.Catch(() => starting.CreateClient());
        answers.Add(failure!.ToString());

        Assert.That(app.Logs.Count(l => l.StartsWith("[Warning]", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(6), "each refusal is logged");
        Assert.That(answers.Concat(app.Logs).Concat(starting.Logs).Where(l => l.Contains(PersonalModel, StringComparison.OrdinalIgnoreCase)), Is.Empty);
        Assert.That(answers[0], Does.Contain(MlNetModel.FileName), "the problem still says what is wrong");
        Assert.That(failure.Message, Does.Contain("Matching:ModelPath"), "the setting that names the directory");
        Directory.Delete(root, recursive: true);
    }
}
