using System.CommandLine;
using Spectre.Console;

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
        GenerateCommand.Create(),
        SampleCommand.Create(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        OracleCommand.Create(),
        ExportFeaturesCommand.Create(),
        BuildCatalogCommand.Create(),
        MatchCommand.Create(),
        HealthCheckCommand.Create(),
    ];

    public static bool Handles(string[] args) =>
        args.Length > 0 && (args[0] is "--help" or "-h" or "-?" || Commands().Any(c => c.Name == args[0]));

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Matching: skills-matching recommendations. Without a command, runs the web service.");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args).InvokeAsync();
    }

    /// <summary>Runs a command body: a <see cref="CliException"/> is a clear message and exit code 2, not a stack trace.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }
    }

    public static int Run(Action body) => Run(() =>
    {
        body();
        return 0;
    });
}
