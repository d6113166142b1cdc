using System.Text.RegularExpressions;

namespace Matching.Tests;

/// <summary>The rooms of docs/architecture.md and what each may use, read from the sources.</summary>
public class ArchitectureTests
{
    static IEnumerable<(string File, string[] Usings)> Sources(string folder) =>
        Directory.EnumerateFiles(RepositoryFiles.Path(folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(RepositoryFiles.Path(), f),
                Regex.Matches(File.ReadAllText(f), @"^using (?:static )?([\w.]+);", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray()));

    static string[] Offenders(string folder, params string[] forbidden) =>
        [.. Sources(folder).Where(s => s.Usings.Any(u => forbidden.Any(f => u == f || u.StartsWith(f + ".", StringComparison.Ordinal)))).Select(s => s.File)];

    [Test]
    public void Serving_rooms_never_use_the_offline_room()
    {
        Assert.That(Offenders("Matching.Core", "Matching.Training"), Is.Empty);
        Assert.That(Offenders("Matching.Api", "Matching.Training").Where(f => !f.StartsWith($"Matching.Api{Path.DirectorySeparatorChar}Cli", StringComparison.Ordinal)), Is.Empty);
    }
}
