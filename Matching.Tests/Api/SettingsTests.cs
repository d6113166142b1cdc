using System.Text.Json;
using Matching.Core.Contracts;
using Microsoft.Extensions.Options;

namespace Matching.Tests.Api;

/// <summary>Every setting is read once, into a checked options class: a wrong one stops the start-up, a right one is used.</summary>
public class SettingsTests
{
    [TestCase("Matching:MaxCandidates", "0", "MaxCandidates")]
    [TestCase("Matching:MaxRequestBytes", "12", "MaxRequestBytes")]
    [TestCase("Matching:RateLimit:Burst", "0", "Burst")]
    [TestCase("Matching:Database:SuggestionShortlist", "0", "SuggestionShortlist")]
    [TestCase("Matching:Registry:CheckSeconds", "0", "CheckSeconds")]
    public void A_setting_out_of_its_range_stops_the_start_up_naming_it(string key, string value, string named)
    {
        using var app = new MatchingApp();
        app.Settings[key] = value;

        Assert.That(() => app.CreateClient(), Throws.InstanceOf<OptionsValidationException>().With.Message.Contains(named));
    }

    [Test]
    public async Task The_request_limits_are_the_configured_ones()
    {
        using var app = new MatchingApp();
        app.Settings["Matching:MaxCandidates"] = "2";
        using var client = app.CreateClient();
        var request = Build.Request(Build.Mission(), Build.Candidate("a"), Build.Candidate("b"), Build.Candidate("c"));

        using var response = await client.PostAsync("/v1/match", new StringContent(JsonSerializer.Serialize(request, MatchingJson.Default.MatchRequest), System.Text.Encoding.UTF8, "application/json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(problem.RootElement.GetProperty("errors").GetProperty("candidates")[0].GetString(), Does.Contain("At most 2"));
    }
}
