using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Core.Contracts;

namespace Matching.Tests.Api;

public class MatchApiTests : ServiceTests
{
    static MatchRequest Example() =>
        JsonSerializer.Deserialize(Matching.Api.Hosting.OpenApiExamples.Read("match-request.json"), MatchingJson.Default.MatchRequest)!;

    Task<HttpResponseMessage> Post(string json) => PostJson("/v1/match", json);

    Task<HttpResponseMessage> Post(MatchRequest request) => Post(JsonSerializer.Serialize(request, MatchingJson.Default.MatchRequest));

    static async Task<MatchResponse> Read(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync(MatchingJson.Default.MatchResponse))!;

    [Test]
    public async Task Match_ranks_and_explains_the_example_request()
    {
        var request = Example();

        using var response = await Post(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await Read(response);
        Assert.That(body.ModelVersion, Does.StartWith("mlnet-"));
        Assert.That(body.Counts.Received, Is.EqualTo(request.Candidates!.Count));
        Assert.That(body.Counts.Ranked + body.Counts.Excluded, Is.EqualTo(body.Counts.Received));
        Assert.That(body.Results, Has.Count.EqualTo(Math.Min(request.Top ?? 10, body.Counts.Ranked)));
        Assert.That(body.Results.Select(r => r.Rank), Is.EqualTo(Enumerable.Range(1, body.Results.Count)));
        Assert.That(body.Results.Select(r => r.Score), Is.Ordered.Descending);
        Assert.That(body.Results, Has.All.Matches<RankedCandidate>(r => r.Factors is not null && r.Reasons is { Count: > 0 }));
        Assert.That(response.Headers.GetValues("X-Request-Id").Single(), Is.EqualTo(body.RequestId));
    }

    [Test]
    public async Task The_same_request_gives_the_same_answer()
    {
        var request = JsonSerializer.Serialize(Example(), MatchingJson.Default.MatchRequest);

        var first = await Read(await Post(request));
        var second = await Read(await Post(request));

        Assert.That(JsonSerializer.Serialize(second with { RequestId = "" }, MatchingJson.Default.MatchResponse),
            Is.EqualTo(JsonSerializer.Serialize(first with { RequestId = "" }, MatchingJson.Default.MatchResponse)));
    }

    [Test]
    public async Task A_well_formed_request_id_is_kept()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/match")
        {
            Content = JsonContent.Create(Example(), MatchingJson.Default.MatchRequest),
        };
        message.Headers.Add("X-Request-Id", "4f1c2a7e-9b5d-4c3a-8e6f-0b1d2c3a4b5c");

        using var response = await Client.SendAsync(message);

        Assert.That((await Read(response)).RequestId, Is.EqualTo("4f1c2a7e-9b5d-4c3a-8e6f-0b1d2c3a4b5c"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    [TestCase("jane.doe-emp-00007")]
    [TestCase("hr-platform-42")]
    [TestCase("0123")]
    public async Task A_request_id_that_could_carry_a_name_is_replaced_and_never_logged(string sent)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/match")
        {
            Content = JsonContent.Create(Example(), MatchingJson.Default.MatchRequest),
        };
        message.Headers.Add("X-Request-Id", sent);

        using var response = await Client.SendAsync(message);

        var used = (await Read(response)).RequestId;
        Assert.That(used, Is.Not.EqualTo(sent).And.Match("^[0-9a-f]{32}$"));
        Assert.That(response.Headers.GetValues("X-Request-Id"), Is.EqualTo(new[] { used }));
        // As a whole token: random trace ids and Kestrel's connection ids may hold "0123" by chance.
        var token = new System.Text.RegularExpressions.Regex($"(?<![0-9A-Za-z.-]){System.Text.RegularExpressions.Regex.Escape(sent)}(?![0-9A-Za-z.-])");
        Assert.That(App.Logs.Where(line => token.IsMatch(line)), Is.Empty);
    }

    [Test]
    public async Task Implausible_values_are_named()
    {
        var request = Example();
        request = request with
        {
            Mission = request.Mission! with { Start = new DateOnly(1, 1, 1), End = new DateOnly(9999, 12, 31), Capacity = 1e-300 },
            Candidates = [request.Candidates![0] with { Skills = [new CandidateSkill { Name = "SQL", Level = 3, LastUsed = new DateOnly(9999, 12, 31) }] }],
        };

        var problems = await Problems(await Post(request));

        Assert.That(problems.Keys, Is.SupersetOf(new[] { "mission.start", "mission.end", "mission.capacity", "candidates[0].skills[0].lastUsed" }));
    }

    [Test]
    public async Task Excluded_candidates_are_listed_with_reasons_never_dropped()
    {
        var mission = Build.Mission(Build.Skill("C#", level: 3, mandatory: true), Build.Skill("SQL"));
        var request = Build.Request(mission,
            Build.Candidate("ranked", Build.Has("C#")),
            Build.Candidate("no-csharp", Build.Has("SQL")),
            Build.Candidate("away", Build.Has("C#")) with { Availability = [new AvailabilityWindow { From = Build.End.AddDays(1), To = Build.End.AddDays(9), Capacity = 1 }] },
            Build.Candidate("german-only", Build.Has("C#")) with { Languages = ["de"] },
            Build.Candidate("unknown-availability", Build.Has("C#")) with { Availability = null });

        var body = await Read(await Post(request));

        Assert.That(body.Results.Select(r => r.CandidateId), Is.EquivalentTo(new[] { "ranked", "unknown-availability" }));
        Assert.That(body.Excluded.Select(e => (e.CandidateId, e.Codes.Single())), Is.EqualTo(new[]
        {
            ("away", "unavailable"), ("german-only", "no_shared_language"), ("no-csharp", "missing_mandatory_skill"),
        }));
        var unknown = body.Results.Single(r => r.CandidateId == "unknown-availability");
        Assert.That(unknown.Reasons, Has.Some.EqualTo("Availability unknown: treated as available."));
    }

    [Test]
    public async Task Top_limits_results_and_says_how_many_were_omitted()
    {
        var request = Example() with { Top = 2 };

        var body = await Read(await Post(request));

        Assert.That(body.Results, Has.Count.EqualTo(2));
        Assert.That(body.Counts.Omitted, Is.EqualTo(body.Counts.Ranked - 2));
    }

    [Test]
    public async Task Explain_false_returns_ranks_and_scores_only()
    {
        using var response = await Post(Example() with { Explain = false });
        var json = await response.Content.ReadAsStringAsync();
        var body = JsonSerializer.Deserialize(json, MatchingJson.Default.MatchResponse)!;

        Assert.That(body.Results, Has.All.Matches<RankedCandidate>(r => r.Factors is null && r.Reasons is null && r.MatchedSkills is null));
        // Left out, not written as null: the contract's own writer.
        Assert.That(json, Does.Not.Contain("null"));
    }

    [Test]
    public async Task Unrecognised_skill_names_are_reported()
    {
        var request = Build.Request(Build.Mission(Build.Skill("C#"), Build.Skill("Acme Billing Platform")), Build.Candidate("a", Build.Has("acme billing platform")));

        var body = await Read(await Post(request));

        Assert.That(body.UnrecognisedSkills, Is.EqualTo(new[] { "Acme Billing Platform" }));
        Assert.That(body.Results.Single().MatchedSkills!.Select(m => m.Skill), Is.EqualTo(new[] { "Acme Billing Platform" }));
    }

    [Test]
    public async Task Malformed_json_is_a_problem_with_its_position()
    {
        var errors = await Problems(await Post("{\"mission\": {\"skills\": [ }"));

        Assert.That(errors.Keys.Single(), Does.StartWith("mission"));
        Assert.That(errors.Values.Single()[0], Does.StartWith("Malformed JSON (line 1"));
    }

    [Test]
    public async Task A_wrong_type_names_the_field_and_the_type_expected()
    {
        var errors = await Problems(await Post("{\"mission\": {\"skills\": [{\"name\": \"C#\", \"level\": \"high\"}]}}"));

        Assert.That(errors.Keys.Single(), Is.EqualTo("mission.skills[0].level"));
        Assert.That(errors.Values.Single()[0], Does.StartWith("Expected a whole number"));
    }

    [Test]
    public async Task A_date_in_another_format_is_rejected()
    {
        var errors = await Problems(await Post("{\"mission\": {\"start\": \"03/02/2026\"}}"));

        Assert.That(errors.Keys.Single(), Is.EqualTo("mission.start"));
        Assert.That(errors.Values.Single()[0], Does.StartWith("Expected a date as yyyy-MM-dd"));
    }

    [TestCase("{\"candidates\": [{\"id\": \"a\", \"languages\": [\"fr\", 3]}]}", "candidates[0].languages", "Expected an array of strings")]
    [TestCase("{\"candidates\": [{\"id\": \"a\", \"location\": 42}]}", "candidates[0].location", "Expected a string")]
    [TestCase("{\"mission\": 42}", "mission", "Expected an object")]
    [TestCase("{\"candidates\": {}}", "candidates", "Expected an array")]
    public async Task Wrong_shapes_are_named_with_what_was_expected(string body, string path, string message)
    {
        var errors = await Problems(await Post(body));

        Assert.That(errors, Contains.Key(path));
        Assert.That(errors[path][0], Does.StartWith(message));
    }

    [Test]
    public async Task Errors_in_several_candidates_are_all_named_in_request_order()
    {
        var valid = JsonSerializer.Serialize(Build.Candidate("ok", Build.Has("C#")), MatchingJson.Default.Candidate);
        var mission = JsonSerializer.Serialize(Build.Mission(), MatchingJson.Default.Mission);
        var body = $"{{\"mission\": {mission}, \"candidates\": [{valid}, {{\"id\": \"b\", \"skills\": [{{\"name\": \"SQL\", \"level\": \"x\"}}]}}, {valid}, null, {{\"id\": \"c\", \"activeMissions\": -2}}]}}";

        var errors = await Problems(await Post(body));

        Assert.That(errors.Keys, Is.EqualTo(new[] { "candidates[1].skills[0].level", "candidates[3]", "candidates[4].activeMissions", "candidates[2].id" }));
        Assert.That(errors["candidates[1].skills[0].level"][0], Does.StartWith("Expected a whole number"));
    }

    [Test]
    public async Task Faults_across_a_request_read_in_parallel_are_all_named_in_request_order()
    {
        // Over 256 candidates are read, validated and assessed across the cores; faults still come back in order.
        var mission = JsonSerializer.Serialize(Build.Mission(), MatchingJson.Default.Mission);
        var candidates = Enumerable.Range(0, 600).Select(i => i switch
        {
            3 => "{\"id\": \"c3\", \"skills\": [{\"name\": \"SQL\", \"level\": \"x\"}]}",
            300 => "{\"id\": \"c300\", \"experiences\": [{\"skills\": [], \"start\": \"2024-01-01\", \"mandatroy\": true}]}",
            599 => "{\"id\": \"c599\", \"skills\": [{\"name\": \"SQL\", \"level\": 9}]}",
            _ => JsonSerializer.Serialize(Build.Candidate($"c{i}", Build.Has("C#")), MatchingJson.Default.Candidate),
        });

        var errors = await Problems(await Post($"{{\"mission\": {mission}, \"candidates\": [{string.Join(",", candidates)}]}}"));

        Assert.That(errors.Keys, Is.EqualTo(new[] { "candidates[3].skills[0].level", "candidates[300].experiences[0].mandatroy", "candidates[599].skills[0].level" }));
    }

    [TestCase("{\"mission\": null, \"candidates\": [], \"extra\": 1}", "extra", "Unknown field 'extra'")]
    [TestCase("{\"candidates\": []} {}", "$", "Malformed JSON")]
    [TestCase("{\"candidates\": [], \"top\": 1.5}", "top", "Expected a whole number")]
    [TestCase("{\"candidates\": [], \"explain\": \"yes\"}", "explain", "Expected true or false")]
    [TestCase("{\"candidates\": [42]}", "candidates[0]", "Expected an object")]
    public async Task Top_level_faults_are_named(string body, string path, string message)
    {
        var errors = await Problems(await Post(body));

        Assert.That(errors, Contains.Key(path));
        Assert.That(errors[path][0], Does.StartWith(message));
    }

    [Test]
    public async Task An_unknown_field_is_rejected_by_name()
    {
        var errors = await Problems(await Post("{\"mission\": {\"skills\": [{\"name\": \"C#\", \"mandatroy\": true}]}}"));

        Assert.That(errors.Values.Single()[0], Does.StartWith("Unknown field 'mandatroy'"));
    }

    [Test]
    public async Task Every_invalid_field_is_named_at_once()
    {
        var request = Build.Request(Build.Mission(Build.Skill("C#", level: 7)) with { Capacity = 2 }, Build.Candidate("a"), Build.Candidate("a")) with { Top = 0 };

        var errors = await Problems(await Post(request));

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "mission.skills[0].level", "mission.capacity", "candidates[1].id", "top" }));
    }

    [TestCase("null")]
    [TestCase("[]")]
    [TestCase("42")]
    [TestCase("")]
    public async Task A_body_that_is_not_an_object_is_a_400(string body)
    {
        using var response = await Post(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    const string ValidMission = """{"skills": [{"name": "C#"}], "start": "2026-03-02", "end": "2026-05-29", "capacity": 0.5}""";

    static string WithCandidate(string candidate) => $$"""{"mission": {{ValidMission}}, "candidates": [{{candidate}}]}""";

    [TestCase("""{"id": "\ud800"}""", "candidates[0].id")]
    [TestCase("""{"id": "a", "location": "\udc00"}""", "candidates[0].location")]
    [TestCase("""{"id": "a", "experiences": [{"title": "\udc00x", "skills": [], "start": "2020-01-01"}]}""", "candidates[0].experiences[0].title")]
    [TestCase("""{"id": "a", "skills": [{"name": "\ud800", "level": 3}]}""", "candidates[0].skills[0].name")]
    [TestCase("""{"id": "a", "aspirations": ["Python", "\ud800"]}""", "candidates[0].aspirations[1]")]
    [TestCase("""{"id": "a", "languages": ["\udfff"]}""", "candidates[0].languages[0]")]
    [TestCase("""{"id": "a", "\ud800": 1}""", "candidates[0]")]
    public async Task A_lone_surrogate_in_a_candidate_is_named(string candidate, string path)
    {
        var errors = await Problems(await Post(WithCandidate(candidate)));

        Assert.That(errors.Keys, Is.EqualTo(new[] { path }));
        Assert.That(errors[path][0], Does.StartWith("Expected Unicode text"));
    }

    [TestCase("""{"mission": {"title": "\ud800"}}""", "mission.title")]
    [TestCase("""{"\udc00": 1}""", "$")]
    public async Task A_lone_surrogate_outside_the_candidates_is_named(string body, string path)
    {
        var errors = await Problems(await Post(body));

        Assert.That(errors.Keys, Does.Contain(path));
    }

    [TestCase("id", "candidates[0].id")]
    [TestCase("short skill", "candidates[0].skills[0].name")]
    [TestCase("long skill", "candidates[0].skills[0].name")]
    [TestCase("field name", "candidates[0]")]
    public async Task Invalid_utf8_in_a_candidate_is_named(string where, string path)
    {
        var candidate = where switch
        {
            "id" => """{"id": "a@@b"}""",
            "short skill" => """{"id": "a", "skills": [{"name": "Py@@thon", "level": 3}]}""",
            "long skill" => $$"""{"id": "a", "skills": [{"name": "{{new string('x', 200)}}@@", "level": 3}]}""",
            _ => """{"id": "a", "@@activeMissions": 1}""",
        };
        var bytes = Encoding.UTF8.GetBytes(WithCandidate(candidate)).ToList();
        var at = bytes.IndexOf((byte)'@');
        bytes[at] = 0xFF;
        bytes.RemoveAt(at + 1);
        using var content = new ByteArrayContent([.. bytes]);
        content.Headers.ContentType = new("application/json");

        var errors = await Problems(await Client.PostAsync("/v1/match", content));

        Assert.That(errors.Keys, Does.Contain(path));
    }

    [TestCase("""{"mission": {{M}}, "mission": {{M}}, "candidates": []}""", "mission")]
    [TestCase("""{"mission": {{M}}, "candidates": [{"id": "a", "id": "b"}]}""", "candidates[0].id")]
    [TestCase("""{"mission": {{M}}, "candidates": [{"id": "a", "skills": [{"name": "SQL", "level": 1, "level": 5}]}]}""", "candidates[0].skills[0].level")]
    [TestCase("""{"mission": {"skills": [{"name": "C#"}], "start": "2026-03-02", "end": "2026-05-29", "capacity": 0.5, "capacity": 1}, "candidates": []}""", "mission.capacity")]
    public async Task A_field_given_twice_is_named(string body, string path)
    {
        var errors = await Problems(await Post(body.Replace("{{M}}", ValidMission, StringComparison.Ordinal)));

        Assert.That(errors.Keys, Is.EqualTo(new[] { path }));
        Assert.That(errors[path][0], Does.StartWith("Duplicate field"));
    }

    [TestCase("{\"candidates\": [\n{\"id\": \"a\"}\n]", "$", "Malformed JSON (line 3, byte 2).")]
    [TestCase("""{"candidates": [}""", "$", "Expected a candidate (an object) in the candidates array (line 1, byte 17).")]
    [TestCase("""{"candidates": [nul]}""", "$", "Expected a candidate (an object) in the candidates array (line 1, byte 17).")]
    [TestCase("""{"candidates": ["x]}""", "$", "Expected a candidate (an object) in the candidates array (line 1, byte 17).")]
    [TestCase("""{"candidates": ["x"]}""", "candidates[0]", "Expected an object.")]
    [TestCase("{\"candidates\": [\n{\"id\": \"a\"}\n], \"mission\": {\"title\": 1}}", "mission.title", "Expected a string.")]
    public async Task Faults_around_the_candidates_array_are_named_once_and_placed_right(string body, string path, string message)
    {
        var errors = await Problems(await Post(body));

        Assert.That(errors[path], Is.EqualTo(new[] { message }));
    }

    [Test]
    public async Task A_skill_name_of_punctuation_alone_is_rejected()
    {
        var errors = await Problems(await Post("""{"mission": {"skills": [{"name": "!!!", "mandatory": true}], "start": "2026-03-02", "end": "2026-05-29", "capacity": 0.5}, "candidates": [{"id": "a", "skills": [{"name": "???", "level": 3}]}]}"""));

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "mission.skills[0].name", "candidates[0].skills[0].name" }));
        Assert.That(errors["mission.skills[0].name"][0], Does.Contain("letter or digit"));
    }

    [TestCase(true, TestName = "A large body with a Content-Length is read whole")]
    [TestCase(false, TestName = "A large body streamed without a Content-Length is read whole")]
    public async Task Large_bodies_are_read_whole(bool withLength)
    {
        // Over the 1 MB the body buffer starts with, so it has to grow.
        var request = new Matching.Training.Generation.StaffingWorld(TestCatalog.Shared, seed: 5, population: 2_000).SampleRequest(2_000, top: 3);
        var json = JsonSerializer.SerializeToUtf8Bytes(request, MatchingJson.Default.MatchRequest);
        Assert.That(json, Has.Length.GreaterThan(2 << 20));
        HttpContent content = withLength ? new ByteArrayContent(json) : new UnsizedContent(json);
        content.Headers.ContentType = new("application/json");

        using var response = await Client.PostAsync("/v1/match", content);
        var body = await Read(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.Counts.Received, Is.EqualTo(2_000));
        Assert.That(body.Counts.Ranked + body.Counts.Excluded, Is.EqualTo(2_000));
    }

    [Test]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        using var response = await Client.PostAsync("/v1/match", new StringContent("mission=1", Encoding.UTF8, "text/plain"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("application/json; charset=utf-16")]
    [TestCase("application/json; charset=latin1")]
    [TestCase(null)]
    public async Task A_body_that_does_not_say_it_is_utf8_json_is_a_415_problem(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Matching.Api.Hosting.OpenApiExamples.Read("match-request.json")));
        content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await Client.PostAsync("/v1/match", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task The_json_log_never_carries_a_request_path()
    {
        // Through Serilog itself (a file sink beside the console), where ASP.NET Core's hosting scope would add RequestPath.
        var file = Path.Combine(Path.GetTempPath(), $"matching-log-{Guid.NewGuid():N}.json");
        using (var logged = new MatchingApp())
        {
            logged.Settings["Serilog:WriteTo:LogFile:Name"] = "File";
            logged.Settings["Serilog:WriteTo:LogFile:Args:path"] = file;
            logged.Settings["Serilog:WriteTo:LogFile:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog";
            using var loggedClient = logged.CreateClient();
            using var response = await loggedClient.GetAsync("/v1/people/jane.doe@example.com");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        var log = await File.ReadAllTextAsync(file);
        File.Delete(file);
        Assert.That(log, Does.Contain("\"StatusCode\":404"), "the request was logged");
        Assert.That(log, Does.Not.Contain("jane.doe").And.Not.Contain("RequestPath"));
    }

    [Test]
    public async Task Logs_carry_request_ids_counts_and_timings_but_no_personal_data()
    {
        var request = Build.Request(
            Build.Mission() with { Title = "Secret merger project", Location = "Lyon" },
            Build.Candidate("jane.doe@example.com", Build.Has("C#"), Build.Has("Underwater basket weaving")));

        using var response = await Post(request);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        await App.WaitForLogsAsync(l => l.Contains("responded 200", StringComparison.Ordinal) && l.Contains($"RequestId={requestId}", StringComparison.Ordinal));
        var log = string.Join("\n", App.Logs);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(log, Does.Contain($"HTTP POST /v1/match responded 200"));
        Assert.That(log, Does.Contain($"RequestId={requestId}"));
        Assert.That(log, Does.Contain("Ranked 1 candidates"));
        Assert.That(log, Does.Not.Contain("jane.doe").And.Not.Contain("Secret merger").And.Not.Contain("Underwater").And.Not.Contain("Lyon"));
    }

    [Test]
    public async Task Health_endpoints_answer()
    {
        using var live = await Client.GetAsync("/health/live");
        using var ready = await Client.GetAsync("/health/ready");

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_routes_get_problem_details()
    {
        using var response = await Client.GetAsync("/v1/nothing-here");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}

/// <summary>A body whose length is not announced, as a chunked upload's is not.</summary>
sealed class UnsizedContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
