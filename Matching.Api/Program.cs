using Matching.Api.Cli;

if (MatchingCli.Handles(args))
{
    return await MatchingCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
await app.RunAsync();
return 0;

public partial class Program;
