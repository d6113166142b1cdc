using System.CommandLine;

namespace Matching.Api.Cli;

static class BuildCatalogCommand
{
    public static Command Create()
    {
        var command = new Command("build-catalog", "Rebuild the skills catalog from the raw ESCO and O*NET files.");
        command.SetAction(_ => 1);
        return command;
    }
}
