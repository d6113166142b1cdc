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
    internal static IEnumerable<Command> Commands() =>
    [
        GenerateCommand.Create(),
        SampleCommand.Create(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        OracleCommand.Create(),
        ExportFeaturesCommand.Create(),
        ExportOnnxCommand.Create(),
        BuildCatalogCommand.Create(),
        MatchCommand.Create(),
        HealthCheckCommand.Create(),
        NewApiKeyCommand.Create(),
        DatabaseCommands.Migrate(),
        DatabaseCommands.ImportCandidates(),
        DatabaseCommands.RegisterModel(),
        DatabaseCommands.PromoteModel(),
        DatabaseCommands.ExportHistory(),
        DatabaseCommands.PurgeDecisions(),
    ];

    public static bool Handles(string[] args) =>
        args.Length > 0 && (args[0] is "--help" or "-h" or "-?" || Commands().Any(c => c.Name == args[0]));

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs a command with its result (a report, JSON, help) written to <paramref name="output"/> and everything
    /// for the person watching (progress, status, warnings, errors) to <paramref name="error"/>: standard output
    /// and standard error from a shell, any writers from a test.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Matching: skills-matching recommendations. Without a command, runs the web service.");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        var console = new CliConsole(output, error);
        var previous = AnsiConsole.Console;
        CliConsole.Ambient.Value = console;

        // Commands that write through Spectre's static console write to standard error too, plain when it is not a terminal.
        AnsiConsole.Console = console.Status;
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        }
        finally
        {
            AnsiConsole.Console = previous;
            CliConsole.Ambient.Value = null;
        }
    }

    /// <summary>Runs a command body: a <see cref="CliException"/> is "error: …" on standard error and exit code 2, not a stack trace.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliException e)
        {
            CliConsole.Current.Error(e.Message);
            return 2;
        }
    }

    public static int Run(Action body) => Run(() =>
    {
        body();
        return 0;
    });
}

/// <summary>
/// Where a command writes. <see cref="Out"/> (standard output) carries only the command's result — evaluate's
/// table or JSON, match's response — so it can be piped; progress, status, tables for the person watching,
/// warnings and errors go to <see cref="Status"/> (standard error), with colours and live progress only when
/// that is a terminal.
/// </summary>
sealed class CliConsole
{
    internal static readonly AsyncLocal<CliConsole?> Ambient = new();
    static readonly Lazy<CliConsole> Standard = new(() => new CliConsole(Console.Out, Console.Error));

    readonly TextWriter error;

    public CliConsole(TextWriter output, TextWriter error)
    {
        Out = output;
        this.error = error;
        ResultIsTerminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        StatusIsTerminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        Result = Create(output, ResultIsTerminal);
        Status = Create(error, StatusIsTerminal);
    }

    /// <summary>The console of the command running on this flow (standard output and error outside <see cref="MatchingCli.RunAsync(string[], TextWriter, TextWriter)"/>).</summary>
    public static CliConsole Current => Ambient.Value ?? Standard.Value;

    /// <summary>The command's result, as text.</summary>
    public TextWriter Out { get; }

    /// <summary>The command's result, for tables.</summary>
    public IAnsiConsole Result { get; }

    /// <summary>Progress, status and tables for the person watching.</summary>
    public IAnsiConsole Status { get; }

    public bool ResultIsTerminal { get; }

    public bool StatusIsTerminal { get; }

    /// <summary>A line for the person watching, such as what was written where.</summary>
    public void Say(string text) => Line(text, Color.Default);

    /// <summary>A status line (grey on a terminal).</summary>
    public void Info(string text) => Line(text, Color.Grey);

    /// <summary>A line that needs attention (yellow on a terminal), such as an invalid history line.</summary>
    public void Notice(string text) => Line(text, Color.Yellow);

    public void Warning(string text) => Line($"warning: {text}", Color.Yellow);

    public void Error(string text) => Line($"error: {text}", Color.Red);

    void Line(string text, Color color)
    {
        if (StatusIsTerminal)
        {
            Status.WriteLine(text, new Style(foreground: color));
        }
        else
        {
            error.WriteLine(text);
        }
    }

    /// <summary>A Spectre console over <paramref name="writer"/>: ANSI and live redraws on a terminal only; elsewhere plain, unwrapped lines.</summary>
    static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // No terminal to fit: lines are not wrapped at 80 columns, so logs and greps see them whole.
            console.Profile.Width = 400;
        }

        return console;
    }
}
