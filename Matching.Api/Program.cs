using Matching.Api.Apis;
using Matching.Api.Cli;
using Matching.Api.Hosting;

if (MatchingCli.Handles(args))
{
    return await MatchingCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddMatching();

var app = builder.Build();
app.UseMatching();
app.MapHealthApi();
app.MapMatchApi();
app.MapModelApi();

await app.RunAsync();
return 0;

public partial class Program;
