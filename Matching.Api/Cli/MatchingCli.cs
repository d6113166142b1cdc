using System.CommandLine;

namespace Matching.Api.Cli;

/// <summary>
/// The command-line face of Matching.Api: data-science and maintenance commands share the
/// service's code (catalog, features, model), so training and serving can never drift apart.
/// Anything that is not one of these commands starts the web service.
/// </summary>
public static class MatchingCli
{
    static IEnumerable<Command> Commands() =>
    [
        BuildCatalogCommand.Create(),
    ];

    public static bool Handles(string[] args) =>
        args.Length > 0 && Commands().Any(c => c.Name == args[0]);

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Matching: skills-matching recommendations. Without a command, runs the web service.");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args).InvokeAsync();
    }
}
