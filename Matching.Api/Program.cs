using Matching.Api.Candidates;
using Matching.Api.Cli;
using Matching.Api.Database;
using Matching.Api.Decisions;
using Matching.Api.Health;
using Matching.Api.Hosting;
using Matching.Api.Match;
using Matching.Api.Missions;
using Matching.Api.Model;
using Matching.Api.Outcomes;
using Matching.Api.Registry;
using Matching.Api.Skills;
using Matching.Api.Suggestions;

if (MatchingCli.Handles(args))
{
    return await MatchingCli.RunAsync(args);
}

// Run from anywhere (dotnet run keeps the caller's directory): settings then come from the app's folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = File.Exists("appsettings.json") ? null : AppContext.BaseDirectory,
});
builder.AddMatching();
builder.AddMatchingDatabase();

var app = builder.Build();
app.UseMatching();
app.MapHealthApi();
app.MapMatchApi();
app.MapSkillsApi();
app.MapModelApi();
if (app.HasDatabase())
{
    app.MapCandidatesApi();
    app.MapMissionsApi();
    app.MapSuggestionsApi();
    app.MapOutcomesApi();
    app.MapModelRegistryApi();
    app.MapDecisionsApi();
}

await app.RunAsync();
return 0;

public partial class Program;
