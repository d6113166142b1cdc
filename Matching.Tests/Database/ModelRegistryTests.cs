using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Matching.Api.Cli;
using Matching.Api.Health;
using Matching.Benchmarks;
using Matching.Core.Model;
using Matching.Tests.Api;
using Matching.Tests.Model;

namespace Matching.Tests.Database;

[NonParallelizable]
public class ModelRegistryTests
{
    RegistryModels models = null!;

    [SetUp]
    public async Task EmptyTheDatabase()
    {
        await TestDatabase.ResetAsync();
        models = new RegistryModels();
    }

    [TearDown]
    public void RemoveTheModels() => models.Dispose();

    MatchingApp App(int checkSeconds = 30, int reconnectMaxSeconds = 30)
    {
        var app = new MatchingApp();
        app.Settings["ConnectionStrings:Matching"] = TestDatabase.ConnectionString;
        app.Settings["Matching:ModelsRoot"] = models.Root;
        app.Settings["Matching:Registry:CacheDirectory"] = models.Cache;
        app.Settings["Matching:Registry:CheckSeconds"] = checkSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Matching:Registry:ReconnectMaxSeconds"] = reconnectMaxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Matching:Database:ConnectTimeoutSeconds"] = "2";
        return app;
    }

    static Task<HttpResponseMessage> Register(HttpClient client, string path) => client.PostAsJsonAsync("/v1/model/versions", new { path });

    static Task<HttpResponseMessage> Promote(HttpClient client, string version) => client.PostAsJsonAsync("/v1/model/promote", new { version });

    static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    static async Task<JsonElement> Model(HttpClient client) => await client.GetFromJsonAsync<JsonElement>("/v1/model");

    static async Task<long> Count(string table)
    {
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"select count(*) from {table}");
    }

    /// <summary>Polls GET /v1/model until <paramref name="done"/> holds, for at most <paramref name="seconds"/>; the last answer.</summary>
    static async Task<JsonElement> WaitFor(HttpClient client, Func<JsonElement, bool> done, double seconds)
    {
        var watch = Stopwatch.StartNew();
        var model = await Model(client);
        while (!done(model) && watch.Elapsed.TotalSeconds < seconds)
        {
            await Task.Delay(50);
            model = await Model(client);
        }

        return model;
    }

    static DateTime CheckedAt(JsonElement model) => model.GetProperty("registry").GetProperty("checkedAt").GetDateTime();

    [Test]
    public async Task A_model_is_registered_once_its_canary_passes_and_a_promotion_is_recorded_with_who_and_what_it_replaced()
    {
        using var app = App();
        using var client = app.CreateClient();

        var first = await Json(await Register(client, "default"), HttpStatusCode.Created);
        var again = await Json(await Register(client, "default"), HttpStatusCode.OK);
        var retrained = await Json(await Register(client, "retrained"), HttpStatusCode.Created);
        var promoted = await Json(await Promote(client, RegistryModels.DefaultVersion), HttpStatusCode.OK);
        var replaced = await Json(await Promote(client, models.RetrainedVersion), HttpStatusCode.OK);
        var listing = await client.GetFromJsonAsync<JsonElement>("/v1/model/versions");

        Assert.That(first.GetProperty("version").GetString(), Is.EqualTo(RegistryModels.DefaultVersion));
        Assert.That(first.GetProperty("registeredBy").GetString(), Is.EqualTo("test-admin"));
        Assert.That(first.TryGetProperty("created", out _), Is.False, "201 or 200 says whether it was new");
        Assert.That(again.GetProperty("registeredAt").GetString(), Is.EqualTo(first.GetProperty("registeredAt").GetString()));
        using var one = await client.GetAsync($"/v1/model/versions/{RegistryModels.DefaultVersion}");
        using var unknown = await client.GetAsync("/v1/model/versions/mlnet-000000000000");
        Assert.That((one.StatusCode, unknown.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.NotFound)));
        Assert.That(retrained.GetProperty("version").GetString(), Is.EqualTo(models.RetrainedVersion));
        Assert.That(promoted.GetProperty("previous").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(promoted.GetProperty("promotedBy").GetString(), Is.EqualTo("test-admin"));
        Assert.That(replaced.GetProperty("previous").GetString(), Is.EqualTo(RegistryModels.DefaultVersion));
        Assert.That(listing.GetProperty("active").GetString(), Is.EqualTo(models.RetrainedVersion));
        Assert.That(listing.GetProperty("versions").GetArrayLength(), Is.EqualTo(2));
        Assert.That(listing.GetProperty("promotions").EnumerateArray().Select(p => p.GetProperty("version").GetString()),
            Is.EqualTo(new[] { models.RetrainedVersion, RegistryModels.DefaultVersion }), "newest first");
        Assert.That(await Count("model_files"), Is.EqualTo(4), "card.json and model.zip of each version");
        Assert.That(app.Logs, Has.Some.Contains("registered by test-admin").And.Contains(RegistryModels.DefaultVersion));
    }

    [Test]
    public async Task A_model_that_fails_its_checks_is_not_registered()
    {
        using var app = App();
        using var client = app.CreateClient();

        using var broken = await Register(client, "broken");
        using var outside = await Register(client, "../../etc");
        using var missing = await Register(client, "nowhere");

        var problem = await Json(broken, HttpStatusCode.UnprocessableEntity);
        Assert.That(broken.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("model.zip").And.Not.Contain(models.Root));
        Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await Count("model_versions"), Is.Zero);
        Assert.That(await Count("model_files"), Is.Zero);
        Assert.That(app.Logs.Where(l => l.StartsWith("[Error]", StringComparison.Ordinal)), Is.Empty, "a client's fault is no error");
    }

    [Test]
    public async Task A_model_zip_with_entries_no_model_has_is_neither_registered_nor_served_when_promoted()
    {
        using var app = App(checkSeconds: 1);
        using var client = app.CreateClient();
        foreach (var (name, zip) in new[] { ("evil", HostileZips.Evil(ModelArchiveTests.Shipped)), ("bomb", HostileZips.Bomb(ModelArchiveTests.Shipped)) })
        {
            Directory.CreateDirectory(Path.Combine(models.Root, name));
            File.Copy(Path.Combine(models.Root, "default", RankingModel.CardFile), Path.Combine(models.Root, name, RankingModel.CardFile));
            File.WriteAllBytes(Path.Combine(models.Root, name, MlNetModel.FileName), zip);
        }

        using var evil = await Register(client, "evil");
        using var bomb = await Register(client, "bomb");
        Assert.That((await Json(evil, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString(), Does.Contain("'../../evil'"));
        Assert.That((await Json(bomb, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString(), Does.Contain("1,073,741,824 bytes"));
        Assert.That(await Count("model_versions"), Is.Zero);

        // Stored as no registration would store it, then promoted: the instance refuses to serve it.
        const string smuggled = "mlnet-0000000e0111";
        var files = new Dictionary<string, byte[]>(RegistryModels.DefaultFiles()) { [MlNetModel.FileName] = HostileZips.Evil(ModelArchiveTests.Shipped) };
        await RegistryModels.RegisterUncheckedAsync(smuggled, files);
        var before = (await Model(client)).GetProperty("version").GetString();
        await Json(await Promote(client, smuggled), HttpStatusCode.OK);
        var refused = await WaitFor(client, m => m.GetProperty("registry").GetProperty("refused").ValueKind == JsonValueKind.Object, 5);

        Assert.That(refused.GetProperty("version").GetString(), Is.EqualTo(before), "the old model keeps serving");
        Assert.That(refused.GetProperty("registry").GetProperty("refused").GetProperty("reason").GetString(), Does.Contain("'../../evil'"));
    }

    [Test]
    public async Task Promoting_what_is_not_registered_is_a_problem_and_records_nothing()
    {
        using var app = App();
        using var client = app.CreateClient();
        var bodies = new[] { ("{\"version\": \"mlnet-000000000000\"}", HttpStatusCode.NotFound), ("{}", HttpStatusCode.BadRequest), ("{\"versoin\": \"x\"}", HttpStatusCode.BadRequest) };

        foreach (var (body, expected) in bodies)
        {
            using var response = await client.PostAsync("/v1/model/promote", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

            Assert.That(response.StatusCode, Is.EqualTo(expected), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        }

        Assert.That(await Count("model_promotions"), Is.Zero);
    }

    [Test]
    public async Task The_registry_needs_the_admin_scope()
    {
        using var app = App();
        using var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", MatchingApp.MatchKey);

        using var register = await Register(client, "default");
        using var promote = await Promote(client, RegistryModels.DefaultVersion);
        using var list = await client.GetAsync("/v1/model/versions");

        Assert.That(new[] { register.StatusCode, promote.StatusCode, list.StatusCode }, Has.All.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Count("model_versions"), Is.Zero);
    }

    [Test]
    public async Task The_promoted_version_serves_from_start_up_instead_of_the_configured_model()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var connection = new[] { "--connection-string", TestDatabase.ConnectionString };

        var registered = await MatchingCli.RunAsync(["register-model", "--model", Path.Combine(models.Root, "retrained"), "--by", "pipeline", .. connection], output, error);
        var refused = await MatchingCli.RunAsync(["register-model", "--model", Path.Combine(models.Root, "broken"), .. connection], output, error);
        var promoted = await MatchingCli.RunAsync(["promote-model", "--version", models.RetrainedVersion, "--by", "pipeline", .. connection], output, error);
        var unknown = await MatchingCli.RunAsync(["promote-model", "--version", "mlnet-000000000000", .. connection], output, error);
        using var app = App();
        using var client = app.CreateClient();
        var model = await Model(client);
        using var ready = await client.GetAsync("/health/ready");

        Assert.That((registered, refused, promoted, unknown), Is.EqualTo((0, 2, 0, 2)), error.ToString());
        Assert.That(output.ToString().Trim(), Is.EqualTo(models.RetrainedVersion), "register-model prints the version on standard output");
        Assert.That(error.ToString(), Does.Contain("Not registered").And.Contain("model.zip"));
        Assert.That(model.GetProperty("version").GetString(), Is.EqualTo(models.RetrainedVersion));
        Assert.That(model.GetProperty("registry").GetProperty("active").GetString(), Is.EqualTo(models.RetrainedVersion));
        Assert.That(model.GetProperty("registry").GetProperty("servingActive").GetBoolean(), Is.True);
        Assert.That(ready.Headers.GetValues(HealthApi.ModelVersionHeader).Single(), Is.EqualTo(models.RetrainedVersion));
        Assert.That(ready.Headers.GetValues(HealthApi.ActiveModelVersionHeader).Single(), Is.EqualTo(models.RetrainedVersion));
        await using var dataSource = TestDatabase.Open();
        await using var db = await dataSource.OpenConnectionAsync();
        Assert.That(await db.QuerySingleAsync<string>("select registered_by from model_versions"), Is.EqualTo("pipeline"));
    }

    [Test]
    public async Task Without_a_notification_the_periodic_check_follows_promotions_and_refuses_a_mismatched_version_once()
    {
        using var app = App(checkSeconds: 1);
        using var client = app.CreateClient();
        await Json(await Register(client, "retrained"), HttpStatusCode.Created);
        // The default model's files stored under a name they do not hash to.
        const string impostor = "mlnet-000000000bad";
        await RegistryModels.RegisterUncheckedAsync(impostor, RegistryModels.DefaultFiles());
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        const string silently = "insert into model_promotions (version, promoted_by) values (@version, 'test-sql')";

        await connection.ExecuteAsync(silently, new { version = models.RetrainedVersion });
        var followed = await WaitFor(client, m => m.GetProperty("version").GetString() == models.RetrainedVersion, 5);
        await connection.ExecuteAsync(silently, new { version = impostor });
        var refused = await WaitFor(client, m => m.GetProperty("registry").GetProperty("refused").ValueKind == JsonValueKind.Object, 5);
        // Two more periodic checks, each of which would have tried the refused version again.
        var next = await WaitFor(client, m => CheckedAt(m) > CheckedAt(refused), 5);
        var last = await WaitFor(client, m => CheckedAt(m) > CheckedAt(next), 5);

        Assert.That(followed.GetProperty("version").GetString(), Is.EqualTo(models.RetrainedVersion));
        Assert.That(CheckedAt(last), Is.GreaterThan(CheckedAt(next)).And.GreaterThan(CheckedAt(refused)), "checked twice since the refusal");
        Assert.That(refused.GetProperty("version").GetString(), Is.EqualTo(models.RetrainedVersion), "the old model keeps serving");
        var registry = refused.GetProperty("registry");
        Assert.That(registry.GetProperty("active").GetString(), Is.EqualTo(impostor));
        Assert.That(registry.GetProperty("servingActive").GetBoolean(), Is.False);
        Assert.That(registry.GetProperty("refused").GetProperty("version").GetString(), Is.EqualTo(impostor));
        Assert.That(registry.GetProperty("refused").GetProperty("reason").GetString(), Does.Contain(RegistryModels.DefaultVersion).And.Not.Contain(models.Cache));
        var warnings = app.Logs.Where(l => l.StartsWith("[Warning]", StringComparison.Ordinal) && l.Contains(impostor, StringComparison.Ordinal)).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1), "refused once, not retried at every check");
        Assert.That(Directory.GetDirectories(models.Cache), Has.Length.EqualTo(1), "only the serving version's files stay in the cache");
    }

    [Test]
    public async Task During_a_database_outage_the_instance_keeps_its_model_and_follows_promotions_again_once_it_is_back()
    {
        using var app = App(reconnectMaxSeconds: 1);
        using var client = app.CreateClient();
        await Json(await Register(client, "retrained"), HttpStatusCode.Created);

        TestDatabase.Server("pause");
        try
        {
            var watch = Stopwatch.StartNew();
            while (!app.Logs.Any(l => l.StartsWith("[Warning]", StringComparison.Ordinal) && l.Contains("Model registry unreachable", StringComparison.Ordinal))
                && watch.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }

            var during = await Model(client);
            Assert.That(during.GetProperty("version").GetString(), Is.EqualTo(RegistryModels.DefaultVersion), "the model it has keeps serving");
            Assert.That(app.Logs, Has.Some.StartsWith("[Warning]").And.Contains("Model registry unreachable"));
        }
        finally
        {
            TestDatabase.Server("resume");
        }

        // The first request after the outage may meet a broken pooled connection (a 503 that clears the pool).
        var promoted = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 5 && promoted == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            using var response = await Promote(client, models.RetrainedVersion);
            promoted = response.StatusCode;
        }

        var after = await WaitFor(client, m => m.GetProperty("version").GetString() == models.RetrainedVersion, 10);

        Assert.That(promoted, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after.GetProperty("version").GetString(), Is.EqualTo(models.RetrainedVersion));
        Assert.That(app.Logs, Has.Some.Contains("Model registry reachable again"));
        Assert.That(app.Logs.Where(l => l.StartsWith("[Error]", StringComparison.Ordinal)), Is.Empty);
    }
}
