using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Core.Model;

namespace Matching.Tests.Api;

public class ModelApiTests
{
    static string DefaultModel => Path.Combine(AppContext.BaseDirectory, "models", "default");

    /// <summary>A scratch models root holding a copy of the default model, so reload tests own their files.</summary>
    static string ScratchRoot(out string copy)
    {
        var root = Path.Combine(Path.GetTempPath(), $"matching-models-{Guid.NewGuid():N}");
        copy = Path.Combine(root, "candidate");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(DefaultModel))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(DefaultModel, RankingModel.CardFile), Path.Combine(root, "serving-card.json"));
        return root;
    }

    static MatchingApp App(string root, string? adminKey = MatchingApp.AdminKey)
    {
        var app = new MatchingApp();
        app.Settings["Matching:ModelsRoot"] = root;
        app.Settings["Matching:ModelPath"] = DefaultModel;
        app.Settings["Matching:AdminApiKey"] = adminKey;
        return app;
    }

    static HttpRequestMessage Reload(string path, string? key = MatchingApp.AdminKey)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/model/reload") { Content = JsonContent.Create(new { path }) };
        if (key is not null)
        {
            message.Headers.Add("X-Api-Key", key);
        }

        return message;
    }

    static async Task<string> ServingVersion(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/v1/model")).GetProperty("version").GetString()!;

    [Test]
    public void The_service_refuses_to_start_on_a_model_with_another_feature_schema()
    {
        var root = ScratchRoot(out var copy);
        var cardPath = Path.Combine(copy, RankingModel.CardFile);
        File.WriteAllText(cardPath, File.ReadAllText(cardPath).Replace("\"version\": 1,", "\"version\": 2,", StringComparison.Ordinal));
        using var app = App(root);
        app.Settings["Matching:ModelPath"] = copy;

        Assert.That(() => app.CreateClient(), Throws.InstanceOf<ModelLoadException>()
            .With.Message.Contains("refused").And.Message.Contains("matching-features/v2"));
    }

    [Test]
    public async Task Get_model_returns_the_card_without_input_paths()
    {
        using var app = new MatchingApp();
        using var client = app.CreateClient();

        var card = await client.GetFromJsonAsync<JsonElement>("/v1/model");

        Assert.That(card.GetProperty("version").GetString(), Does.StartWith("xgb-"));
        Assert.That(card.GetProperty("featureSchema").GetProperty("name").GetString(), Is.EqualTo("matching-features"));
        Assert.That(card.GetProperty("metrics").GetProperty("model").GetProperty("ndcg10").GetDouble(), Is.GreaterThan(0));
        foreach (var input in card.GetProperty("data").GetProperty("inputs").EnumerateArray())
        {
            Assert.That(input.GetProperty("path").GetString(), Does.Not.Contain("/"));
            Assert.That(input.GetProperty("sha256").GetString(), Has.Length.EqualTo(64));
        }
    }

    [Test]
    public async Task Reload_needs_the_admin_key()
    {
        var root = ScratchRoot(out _);
        using var app = App(root);
        using var client = app.CreateClient();

        using var missing = await client.SendAsync(Reload("candidate", key: null));
        using var wrong = await client.SendAsync(Reload("candidate", key: "nope"));

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Reload_is_refused_when_no_admin_key_is_configured()
    {
        var root = ScratchRoot(out _);
        using var app = App(root, adminKey: "");
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Reload("candidate", key: ""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Reload_swaps_in_a_valid_model()
    {
        var root = ScratchRoot(out var copy);
        using var app = App(root);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Reload("candidate"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(outcome.GetProperty("reloaded").GetBoolean(), Is.True);
        Assert.That(outcome.GetProperty("serving").GetString(), Is.EqualTo(ModelCard.Read(Path.Combine(copy, RankingModel.CardFile)).Version));
    }

    [Test]
    public async Task A_model_with_another_feature_schema_is_refused_and_the_old_one_keeps_serving()
    {
        var root = ScratchRoot(out var copy);
        var cardPath = Path.Combine(copy, RankingModel.CardFile);
        File.WriteAllText(cardPath, File.ReadAllText(cardPath).Replace("\"skill_coverage\"", "\"skill_cover\"", StringComparison.Ordinal));
        using var app = App(root);
        using var client = app.CreateClient();
        var before = await ServingVersion(client);

        using var response = await client.SendAsync(Reload("candidate"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("features"));
        Assert.That(problem.GetProperty("serving").GetString(), Is.EqualTo(before));
        Assert.That(await ServingVersion(client), Is.EqualTo(before));
    }

    [Test]
    public async Task A_corrupt_model_file_is_refused()
    {
        var root = ScratchRoot(out var copy);
        File.WriteAllText(Path.Combine(copy, RankingModel.ModelFile), "{\"learner\": 42}");
        using var app = App(root);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Reload("candidate"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task A_path_outside_the_models_root_is_rejected()
    {
        var root = ScratchRoot(out _);
        using var app = App(root);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Reload("../../etc"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Concurrent_reloads_and_matches_all_succeed()
    {
        var root = ScratchRoot(out _);
        using var app = App(root);
        using var client = app.CreateClient();
        var body = Matching.Api.Hosting.OpenApiExamples.Read("match-request.json");

        var reloads = Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await client.SendAsync(Reload("candidate"));
            return response.StatusCode;
        });
        var matches = Enumerable.Range(0, 16).Select(async _ =>
        {
            using var response = await client.PostAsync("/v1/match", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            return response.StatusCode;
        });

        var statuses = await Task.WhenAll(reloads.Concat(matches));

        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.OK));
    }
}
