using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Benchmarks;
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

    /// <summary>Another copy of the default model under <paramref name="root"/>, its card edited (a new version, say).</summary>
    static string Variant(string root, string name, Action<JsonObject> editCard)
    {
        var directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(DefaultModel, MlNetModel.FileName), Path.Combine(directory, MlNetModel.FileName));
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(DefaultModel, RankingModel.CardFile)))!.AsObject();
        editCard(card);
        File.WriteAllText(Path.Combine(directory, RankingModel.CardFile), card.ToJsonString());
        return directory;
    }

    /// <summary>A real change to what a model explains from: its first tree's reference value moved a little.</summary>
    static Action<JsonObject> Retrained(int i) => card =>
    {
        var references = card["treeReferences"]!.AsArray();
        references[0] = references[0]!.GetValue<float>() + 0.001f * i;
    };

    static MatchingApp App(string root)
    {
        var app = new MatchingApp();
        app.Settings["Matching:ModelsRoot"] = root;
        app.Settings["Matching:ModelPath"] = DefaultModel;
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
        File.WriteAllText(cardPath, File.ReadAllText(cardPath).Replace("\"version\": 2,", "\"version\": 1,", StringComparison.Ordinal));
        using var app = App(root);
        app.Settings["Matching:ModelPath"] = copy;

        Assert.That(() => app.CreateClient(), Throws.InstanceOf<ModelLoadException>()
            .With.Message.Contains("refused").And.Message.Contains("matching-features/v1"));
    }

    [Test]
    public async Task Get_model_returns_the_card_without_input_paths()
    {
        using var app = new MatchingApp();
        using var client = app.CreateClient();

        var card = await client.GetFromJsonAsync<JsonElement>("/v1/model");

        Assert.That(card.GetProperty("version").GetString(), Does.StartWith("mlnet-"));
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
        using var client = app.CreateAnonymousClient();

        using var missing = await client.SendAsync(Reload("candidate", key: null));
        using var wrong = await client.SendAsync(Reload("candidate", key: "nope"));

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Reload_is_refused_to_a_key_without_the_admin_scope()
    {
        var root = ScratchRoot(out _);
        using var app = App(root);
        using var client = app.CreateAnonymousClient();

        using var response = await client.SendAsync(Reload("candidate", key: MatchingApp.MatchKey));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Reload_swaps_in_a_valid_model()
    {
        var root = ScratchRoot(out _);
        var expected = RankingModel.Load(Variant(root, "retrained", Retrained(1))).Version;
        using var app = App(root);
        using var client = app.CreateClient();
        var before = await ServingVersion(client);

        using var response = await client.SendAsync(Reload("retrained"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(outcome.GetProperty("reloaded").GetBoolean(), Is.True);
        Assert.That(outcome.GetProperty("previous").GetString(), Is.EqualTo(before));
        Assert.That(expected, Is.Not.EqualTo(before));
        Assert.That(outcome.GetProperty("serving").GetString(), Is.EqualTo(expected));
        Assert.That(await ServingVersion(client), Is.EqualTo(expected));
        using var match = await client.PostAsync("/v1/match", new StringContent(Matching.Api.Hosting.OpenApiExamples.Read("match-request.json"), Encoding.UTF8, "application/json"));
        Assert.That((await match.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("modelVersion").GetString(), Is.EqualTo(expected));
    }

    static IEnumerable<TestCaseData> BrokenModels()
    {
        yield return new TestCaseData((Action<JsonObject>)(card => card["version"] = null), "version").SetName("A card without a version is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["treeReferences"]!.AsArray().RemoveAt(0)), "reference").SetName("A card whose tree references do not match the trees is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["featureSchema"] = null), "featureSchema").SetName("A card without a feature schema is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["featureSchema"]!["features"] = null), "features").SetName("A card whose schema lists no features is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["objective"] = "rank:ndcg"), "objective").SetName("A card that misstates the objective is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["featureSchema"]!["features"]!.AsArray()[0] = null), "features").SetName("A card with a null feature is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["featureSchema"]!["features"]![0]!["name"] = null), "name").SetName("A card with a nameless feature is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["data"]!["test"] = null), "test").SetName("A card without its test split is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["data"]!["inputs"] = new JsonArray((JsonNode?)null)), "inputs").SetName("A card with a null input file is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["featureImportance"] = new JsonArray((JsonNode?)null)), "featureImportance").SetName("A card with a null importance is refused");
        yield return new TestCaseData((Action<JsonObject>)(card => card["parameters"]!["learning_rate"] = null), "parameters").SetName("A card with a null parameter is refused");
    }

    [TestCaseSource(nameof(BrokenModels))]
    public async Task A_broken_card_is_refused_and_the_old_model_keeps_serving(Action<JsonObject> breakCard, string named)
    {
        var root = ScratchRoot(out _);
        Variant(root, "broken", breakCard);
        using var app = App(root);
        using var client = app.CreateClient();
        var before = await ServingVersion(client);

        using var response = await client.SendAsync(Reload("broken"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(named).IgnoreCase);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Not.Contain(root), "server paths stay private");
        Assert.That(await ServingVersion(client), Is.EqualTo(before));
    }

    [Test]
    public async Task A_model_without_trees_is_refused()
    {
        var root = ScratchRoot(out var copy);
        // A Python-made XGBoost model with its trees removed.
        File.Delete(Path.Combine(copy, MlNetModel.FileName));
        File.Copy(Path.Combine(Model.PythonFixtures.Directory("binary"), RankingModel.CardFile), Path.Combine(copy, RankingModel.CardFile), overwrite: true);
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(Model.PythonFixtures.Directory("binary"), RankingModel.XGBoostFile)))!;
        var gbtree = model["learner"]!["gradient_booster"]!["model"]!;
        gbtree["trees"] = new JsonArray();
        gbtree["tree_info"] = new JsonArray();
        gbtree["gbtree_model_param"]!["num_trees"] = "0";
        File.WriteAllText(Path.Combine(copy, RankingModel.XGBoostFile), model.ToJsonString());
        using var app = App(root);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Reload("candidate"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), Does.Contain("no trees"));
    }

    static IEnumerable<TestCaseData> BadBodies()
    {
        yield return new TestCaseData("{\"path\": ", "path").SetName("A reload body that is not JSON names the fault");
        yield return new TestCaseData("{\"path\": 42}", "path").SetName("A reload path that is not a string is named");
        yield return new TestCaseData("{\"pth\": \"candidate\"}", "pth").SetName("An unknown reload field is named");
        yield return new TestCaseData("{\"path\": \"a\\u0000b\"}", "path").SetName("A reload path with a NUL character is named");
        yield return new TestCaseData("{}", "path").SetName("A reload without a path is named");
        yield return new TestCaseData("{\"path\": \"\\ud800\"}", "path").SetName("A reload path with a lone surrogate is named");
        yield return new TestCaseData("{\"path\": \"candidate\", \"path\": \"../x\"}", "path").SetName("A reload path given twice is named");
    }

    [TestCaseSource(nameof(BadBodies))]
    public async Task A_bad_reload_body_is_a_400_naming_the_field(string body, string field)
    {
        var root = ScratchRoot(out _);
        using var app = App(root);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/model/reload") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", MatchingApp.AdminKey);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").TryGetProperty(field, out _), Is.True, problem.ToString());
    }

    [Test]
    public async Task The_admin_key_is_checked_before_the_body_is_read()
    {
        var root = ScratchRoot(out _);
        using var app = App(root);
        using var client = app.CreateAnonymousClient();

        using var response = await client.PostAsync("/v1/model/reload", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
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
        File.WriteAllText(Path.Combine(copy, MlNetModel.FileName), "not a zip");
        using var app = App(root);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Reload("candidate"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [TestCase("evil")]
    [TestCase("bomb")]
    public async Task A_model_zip_with_entries_no_model_has_is_refused_and_the_old_model_keeps_serving(string kind)
    {
        var root = ScratchRoot(out var copy);
        File.WriteAllBytes(Path.Combine(copy, MlNetModel.FileName), kind == "evil" ? HostileZips.Evil(Model.ModelArchiveTests.Shipped) : HostileZips.Bomb(Model.ModelArchiveTests.Shipped));
        using var app = App(root);
        using var client = app.CreateClient();
        var before = await ServingVersion(client);

        using var response = await client.SendAsync(Reload("candidate"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.That(detail, Does.StartWith("model.zip is refused: its entry ").And.Contain(kind == "evil" ? "'../../evil'" : "1,073,741,824 bytes"));
        Assert.That(await ServingVersion(client), Is.EqualTo(before));
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
    public async Task Concurrent_reloads_run_one_at_a_time_while_matches_keep_answering()
    {
        var root = ScratchRoot(out _);
        var names = Enumerable.Range(1, 4).Select(i => $"concurrent-{i}").ToArray();
        var versions = names.Select((name, i) => RankingModel.Load(Variant(root, name, Retrained(i + 1))).Version).ToArray();

        using var app = App(root);
        using var client = app.CreateClient();
        var initial = await ServingVersion(client);
        var body = Matching.Api.Hosting.OpenApiExamples.Read("match-request.json");

        var reloads = names.Select(async name =>
        {
            using var response = await client.SendAsync(Reload(name));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }).ToArray();
        var matches = Enumerable.Range(0, 24).Select(async _ =>
        {
            using var response = await client.PostAsync("/v1/match", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("modelVersion").GetString();
        }).ToArray();

        var outcomes = await Task.WhenAll(reloads);
        var answeredBy = await Task.WhenAll(matches);

        // Serialised reloads form one chain: each starts from what the one before it left serving,
        // so no two see the same previous model, and exactly one starts from the initial model.
        var previous = outcomes.Select(o => o.GetProperty("previous").GetString()).ToArray();
        Assert.That(previous, Is.Unique);
        Assert.That(previous.Count(p => p == initial), Is.EqualTo(1));
        Assert.That(previous.Where(p => p != initial), Is.SubsetOf(versions));
        Assert.That(answeredBy.Distinct(), Is.SubsetOf(versions.Append(initial)), "every answer names a model that was serving");
        Assert.That(await ServingVersion(client), Is.EqualTo(versions.Single(v => !previous.Contains(v))), "the last reload in the chain serves");
    }

    [Test]
    public async Task A_link_out_of_the_models_root_is_refused()
    {
        var root = ScratchRoot(out _);
        var outside = Path.Combine(Path.GetTempPath(), $"matching-outside-{Guid.NewGuid():N}");
        Directory.CreateDirectory(outside);
        foreach (var file in Directory.GetFiles(DefaultModel))
        {
            File.Copy(file, Path.Combine(outside, Path.GetFileName(file)));
        }

        Directory.CreateSymbolicLink(Path.Combine(root, "escape"), outside);
        using var app = App(root);
        using var client = app.CreateClient();
        var before = await ServingVersion(client);

        using var response = await client.SendAsync(Reload("escape"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ServingVersion(client), Is.EqualTo(before));
    }

    [TestCase("fifo")]
    [TestCase("dev-zero")]
    [TestCase("empty")]
    public async Task A_model_file_that_is_not_a_plain_file_is_refused_at_once(string kind)
    {
        var root = ScratchRoot(out var copy);
        var card = Path.Combine(copy, RankingModel.CardFile);
        var model = Path.Combine(copy, MlNetModel.FileName);
        switch (kind)
        {
            case "fifo":
                File.Delete(card);
                using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", card))
                {
                    await mkfifo.WaitForExitAsync();
                }

                break;
            case "dev-zero":
                File.Delete(model);
                File.CreateSymbolicLink(model, "/dev/zero");
                break;
            default:
                File.WriteAllBytes(model, []);
                break;
        }

        using var app = App(root);
        using var client = app.CreateClient();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        using var response = await client.SendAsync(Reload("candidate"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "never blocks on a FIFO nor reads a device");
    }
}
