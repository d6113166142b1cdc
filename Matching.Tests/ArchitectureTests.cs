using System.Text.RegularExpressions;

namespace Matching.Tests;

/// <summary>The rooms of docs/architecture.md and what each may use, read from the sources.</summary>
public class ArchitectureTests
{
    /// <summary>Longest a source file of the service, its core or its offline room may grow.</summary>
    const int MaxLines = 600;

    /// <summary>The classes that keep or read the data: they take plain values (a key id, not a request) and know no HTTP.</summary>
    static readonly Regex StoreFile = new(@"(Store|DecisionLog|Erasure|ErasureKey|ModelRegistry|HistoryExport|CandidateImport|PromotionListener)\.cs$");

    /// <summary>ASP.NET Core's types, which the web SDK's implicit usings bring into every file without a using line.</summary>
    static readonly Regex AspNetCoreType = new(
        @"\b(HttpContext|HttpRequest|HttpResponse|IResult|TypedResults|Results<|IEndpointFilter|EndpointFilter\w*|WebApplication\w*|IEndpointRouteBuilder|RouteGroupBuilder|StatusCodes|ProblemDetails\w*)\b");

    static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(RepositoryFiles.Path(folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    static string Relative(string file) => Path.GetRelativePath(RepositoryFiles.Path(), file).Replace(Path.DirectorySeparatorChar, '/');

    static string[] UsingsOf(string file) =>
        [.. Regex.Matches(File.ReadAllText(file), @"^using (?:static )?([\w.]+);", RegexOptions.Multiline).Select(m => m.Groups[1].Value)];

    static bool Uses(string file, params string[] forbidden) =>
        UsingsOf(file).Any(u => forbidden.Any(f => u == f || u.StartsWith(f + ".", StringComparison.Ordinal)));

    static string[] Offenders(IEnumerable<string> files, params string[] forbidden) => [.. files.Where(f => Uses(f, forbidden)).Select(Relative)];

    /// <summary>The code of a file without its comments, so that a sentence naming a type is not a use of it.</summary>
    static string Code(string file) => Regex.Replace(File.ReadAllText(file), @"//.*$", "", RegexOptions.Multiline);

    /// <summary>The stores and logs of every use-case folder, and the whole database room.</summary>
    static IEnumerable<string> LowerRoom() =>
        Files("Matching.Api").Where(f => StoreFile.IsMatch(Path.GetFileName(f)) || Relative(f).StartsWith("Matching.Api/Database/", StringComparison.Ordinal));

    [Test]
    public void Serving_rooms_never_use_the_offline_room()
    {
        Assert.That(Offenders(Files("Matching.Core"), "Matching.Training"), Is.Empty);
        Assert.That(Offenders(Files("Matching.Api").Where(f => !Relative(f).StartsWith("Matching.Api/Cli/", StringComparison.Ordinal)), "Matching.Training"), Is.Empty);
    }

    [Test]
    public void Stores_logs_and_the_database_room_know_no_HTTP()
    {
        Assert.That(LowerRoom().Select(Relative), Has.Some.EndsWith("OutcomeStore.cs").And.Some.EndsWith("DecisionLog.cs").And.Some.StartsWith("Matching.Api/Database/"),
            "the rule reads the files it is about");
        Assert.That(Offenders(LowerRoom(), "Microsoft.AspNetCore", "Matching.Api.Hosting", "Matching.Api.Http"), Is.Empty);
        Assert.That(LowerRoom().Where(f => AspNetCoreType.IsMatch(Code(f))).Select(f => $"{Relative(f)}: {AspNetCoreType.Match(Code(f)).Value}"), Is.Empty);
    }

    [TestCase("Matching.Api")]
    [TestCase("Matching.Core")]
    [TestCase("Matching.Training")]
    public void No_source_file_is_longer_than_600_lines(string folder)
    {
        Assert.That(Files(folder).Select(f => (File: Relative(f), Lines: File.ReadLines(f).Count())).Where(f => f.Lines > MaxLines), Is.Empty);
    }

    /// <summary>A newcomer finds each use case by its name; its endpoints, records and store are in that folder.</summary>
    [TestCase("Matching.Api/Match", "MatchApi.cs")]
    [TestCase("Matching.Api/Skills", "SkillsApi.cs")]
    [TestCase("Matching.Api/Model", "ModelApi.cs")]
    [TestCase("Matching.Api/Registry", "ModelRegistryApi.cs", "ModelRegistry.cs", "PromotionListener.cs")]
    [TestCase("Matching.Api/Candidates", "CandidatesApi.cs", "CandidateStore.cs", "Erasure.cs")]
    [TestCase("Matching.Api/Missions", "MissionsApi.cs", "MissionStore.cs")]
    [TestCase("Matching.Api/Suggestions", "SuggestionsApi.cs", "SuggestionService.cs")]
    [TestCase("Matching.Api/Outcomes", "OutcomesApi.cs", "OutcomeStore.cs", "HistoryExport.cs")]
    [TestCase("Matching.Api/Decisions", "DecisionsApi.cs", "DecisionLog.cs", "DecisionStore.cs")]
    [TestCase("Matching.Api/Health", "HealthApi.cs")]
    [TestCase("Matching.Training", "Trainer.cs")]
    public void Each_use_case_has_a_folder_of_its_name(string folder, params string[] files)
    {
        Assert.That(files.Where(f => !File.Exists(RepositoryFiles.Path(folder, f))), Is.Empty, folder);
    }
}
