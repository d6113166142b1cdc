using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Matching.Api.Candidates;
using Matching.Api.Database;
using Matching.Api.Decisions;
using Matching.Api.Outcomes;
using Matching.Api.Registry;
using Matching.Core.Model;
using Matching.Core.Skills;
using Matching.Core.Validation;
using Matching.Training;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Matching.Api.Cli;

/// <summary>
/// <c>migrate</c>, <c>import-candidates</c>, <c>export-history</c>, <c>purge-decisions</c>, <c>register-model</c> and
/// <c>promote-model</c>: the database's schema, the bulk sync of the talent pool, the recorded outcomes as a history
/// file, the decision log's retention, and the model registry.
/// </summary>
static class DatabaseCommands
{
    const string EnvironmentVariable = "ConnectionStrings__Matching";

    internal static Option<string> ConnectionString() => new("--connection-string")
    {
        Description = $"The PostgreSQL connection string, e.g. \"Host=127.0.0.1;Username=matching;Password=...;Database=matching\" (default: the {EnvironmentVariable} environment variable, as the service reads it).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "",
    };

    public static Command Migrate()
    {
        var connection = ConnectionString();
        var command = new Command("migrate", "Apply the database migrations not yet applied (safe to run twice, or from two places at once).") { connection };
        command.SetAction((parse, cancellationToken) => Run(async () =>
        {
            await using var dataSource = Open(parse.GetValue(connection)!);
            var applied = await Migrations.ApplyAsync(dataSource, NullLogger.Instance, cancellationToken);
            CliConsole.Current.Say(applied.Count == 0 ? "The database is up to date." : $"Applied {string.Join(", ", applied)}.");
            return 0;
        }));
        return command;
    }

    public static Command ImportCandidates()
    {
        var connection = ConnectionString();
        var file = new Option<FileInfo>("--file") { Description = "Candidates as JSON lines, one candidate of the /v1/match shape per line.", Required = true };
        var catalog = CliDefaults.Catalog();
        var command = new Command("import-candidates", "Insert or replace many candidates of the talent pool at once (binary COPY, one transaction: a faulty line stores nothing).")
        {
            connection, file, catalog,
        };
        command.SetAction((parse, cancellationToken) => Run(async () =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                CliConsole.Current.Error($"{input.FullName} not found.");
                return 2;
            }

            var skills = CliDefaults.LoadCatalog(parse.GetValue(catalog)!);
            await using var dataSource = Open(parse.GetValue(connection)!);
            using var lines = input.OpenText();
            var import = new CandidateImport(dataSource, skills, new MatchRequestValidator(MatchLimits.Default));
            var result = await import.ImportAsync(lines, cancellationToken);
            if (result.Errors.Count > 0)
            {
                foreach (var error in result.Errors)
                {
                    CliConsole.Current.Error(error);
                }

                CliConsole.Current.Say($"Nothing was imported: fix the lines above (at most {CandidateImport.MaxErrors} are listed).");
                return 2;
            }

            CliConsole.Current.Say($"Read {result.Read:N0} candidates; {result.Stored:N0} new or changed stored in {result.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        }));
        return command;
    }

    static Option<string> By(string what) => new("--by")
    {
        Description = $"Who {what}, recorded in the registry as the API does with the caller's key id (default: \"cli\").",
        DefaultValueFactory = _ => "cli",
    };

    public static Command RegisterModel()
    {
        var connection = ConnectionString();
        var model = new Option<DirectoryInfo>("--model") { Description = "The model directory to register (card.json with model.zip or model.json; model.onnx is kept when present).", Required = true };
        var by = By("registers it");
        var command = new Command("register-model", "Store a model directory in the database's model registry, once it passes the canary every served model passes; it serves only once promoted.")
        {
            connection, model, by,
        };
        command.SetAction((parse, cancellationToken) => Run(async () =>
        {
            var directory = parse.GetValue(model)!;
            if (!directory.Exists)
            {
                throw new CliException($"{directory.FullName} not found.");
            }

            await using var dataSource = Open(parse.GetValue(connection)!);
            var registry = new ModelRegistry(dataSource, Options.Create(new RegistryOptions()));
            RegisteredVersion registered;
            try
            {
                registered = await registry.RegisterAsync(directory.FullName, parse.GetValue(by)!, cancellationToken);
            }
            catch (ModelLoadException e)
            {
                throw new CliException($"Not registered: {e.Message}");
            }

            CliConsole.Current.Say(registered.Created
                ? $"Registered {registered.Version}. Promote it with POST /v1/model/promote or promote-model --version {registered.Version}."
                : $"{registered.Version} was already registered ({registered.RegisteredAt:u} by {registered.RegisteredBy}); nothing changed.");
            CliConsole.Current.Out.WriteLine(registered.Version);
            return 0;
        }));
        return command;
    }

    public static Command PromoteModel()
    {
        var connection = ConnectionString();
        var version = new Option<string>("--version") { Description = "A registered version, e.g. mlnet-8d08a878ea01.", Required = true };
        var by = By("promotes it");
        var command = new Command("promote-model", "Make a registered model version the one every instance serves (as POST /v1/model/promote does).")
        {
            connection, version, by,
        };
        command.SetAction((parse, cancellationToken) => Run(async () =>
        {
            await using var dataSource = Open(parse.GetValue(connection)!);
            var registry = new ModelRegistry(dataSource, Options.Create(new RegistryOptions()));
            var promotion = await registry.PromoteAsync(parse.GetValue(version)!, parse.GetValue(by)!, cancellationToken)
                ?? throw new CliException($"{parse.GetValue(version)} is not registered (register-model first).");
            CliConsole.Current.Say($"Promoted {promotion.Version} (was {promotion.Previous ?? "none"}); every instance loads it within seconds.");
            return 0;
        }));
        return command;
    }

    internal static Option<DateOnly?> From() => new("--from") { Description = "First day (yyyy-MM-dd, UTC) of the decisions to read; default: the first recorded." };

    internal static Option<DateOnly?> To() => new("--to") { Description = "Last day (yyyy-MM-dd, UTC, included) of the decisions to read; default: the last recorded." };

    public static Command ExportHistory()
    {
        var connection = ConnectionString();
        var output = new Option<FileInfo>("--out") { Description = "History file to write (JSON lines, the format train reads), atomically.", Required = true };
        var from = From();
        var to = To();
        var command = new Command("export-history", "Write the recorded outcomes as a staffing history file (one mission per line with its candidates and outcomes).")
        {
            connection, output, from, to,
        };
        command.SetAction((parse, cancellationToken) => Run(async () =>
        {
            var target = parse.GetValue(output)!;
            var started = Stopwatch.GetTimestamp();
            await using var dataSource = Open(parse.GetValue(connection)!);
            var recorded = await ExportAsync(dataSource, target.FullName, parse.GetValue(from), parse.GetValue(to), cancellationToken);
            CliConsole.Current.Say(string.Create(CultureInfo.InvariantCulture,
                $"Exported {Describe(recorded)} to {target.FullName} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
            return 0;
        }));
        return command;
    }

    public static Command PurgeDecisions()
    {
        var connection = ConnectionString();
        var days = new Option<int>("--retention-days")
        {
            Description = "Keep the rankings answered in the last N days; older ones are removed (default: Matching__Database__DecisionRetentionDays, else 180).",
            DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("Matching__Database__DecisionRetentionDays"), NumberStyles.None, CultureInfo.InvariantCulture, out var configured)
                ? configured : new DatabaseOptions().DecisionRetentionDays,
        };
        var command = new Command("purge-decisions", "Remove the decision log's rankings older than the retention (run it daily, e.g. from cron or a Kubernetes CronJob).")
        {
            connection, days,
        };
        command.SetAction((parse, cancellationToken) => Run(async () =>
        {
            var retention = parse.GetValue(days);
            if (retention < 1)
            {
                throw new CliException("--retention-days must be at least 1.");
            }

            var started = Stopwatch.GetTimestamp();
            var cutoff = DateTimeOffset.UtcNow.AddDays(-retention);
            await using var dataSource = Open(parse.GetValue(connection)!);
            var removed = await new DecisionStore(dataSource).PurgeAsync(cutoff, cancellationToken);
            CliConsole.Current.Say(string.Create(CultureInfo.InvariantCulture,
                $"Removed {removed:N0} rankings answered before {cutoff:yyyy-MM-dd HH:mm:ss}Z ({retention} days kept) in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The recorded outcomes read as a history file would be (train --from-db): exported to a temporary file, read by
    /// the same code, named in the card as "database" with the export's hash and size, and the window and counts beside.
    /// </summary>
    internal static (HistoryFeatureSet Set, RecordedHistory Recorded) ReadRecordedHistory(
        string connectionString, DateOnly? from, DateOnly? to, SkillCatalog catalog, int threads, bool skipInvalid)
    {
        var directory = Directory.CreateTempSubdirectory("matching-history-");
        try
        {
            var file = Path.Combine(directory.FullName, "recorded-outcomes.jsonl");
            RecordedHistory recorded;
            try
            {
                using var dataSource = Open(connectionString);
                recorded = ExportAsync(dataSource, file, from, to, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (NpgsqlException e)
            {
                throw new CliException($"The database could not be used: {e.Message}");
            }

            CliConsole.Current.Info($"Read {Describe(recorded)} from the database.");
            var set = CliDefaults.ReadHistory(new FileInfo(file), catalog, threads, skipInvalid);
            return (set with { Input = set.Input with { Path = "database" } }, recorded);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    static async Task<RecordedHistory> ExportAsync(NpgsqlDataSource dataSource, string path, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        if (from > to)
        {
            throw new CliException("--from is after --to.");
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            RecordedHistory recorded;
            await using (var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
            {
                recorded = await new HistoryExport(dataSource).WriteAsync(writer, from, to, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
            return recorded;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    static string Describe(RecordedHistory recorded) => recorded.Decisions == 0
        ? "no decision"
        : string.Create(CultureInfo.InvariantCulture,
            $"{recorded.Missions:N0} missions, {recorded.Candidates:N0} candidates, {recorded.Decisions:N0} decisions taken {recorded.FirstDecidedAt:yyyy-MM-dd HH:mm} – {recorded.LastDecidedAt:yyyy-MM-dd HH:mm} UTC");

    static NpgsqlDataSource Open(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CliException($"No database: set {EnvironmentVariable} or pass --connection-string.");
        }

        return DatabaseServices.CreateDataSource(connectionString, new DatabaseOptions());
    }

    /// <summary>A missing setting or a database that cannot be reached is an "error:" line and exit code 2, not a stack trace.</summary>
    static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            CliConsole.Current.Error(e.Message);
            return 2;
        }
        catch (NpgsqlException e)
        {
            CliConsole.Current.Error($"The database could not be used: {e.Message}");
            return 2;
        }
    }
}
