using System.Text.RegularExpressions;

namespace Matching.Tests;

/// <summary>README.md and docs/ point only at files and headings that exist.</summary>
public class DocumentationTests
{
    static IEnumerable<string> Documents() =>
        [RepositoryFiles.Path("README.md"), .. Directory.EnumerateFiles(RepositoryFiles.Path("docs"), "*.md", SearchOption.AllDirectories)];

    /// <summary>GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    static string Anchor(string heading) =>
        Regex.Replace(Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{N}\s_-]", ""), @"\s", "-");

    static HashSet<string> Anchors(string markdown) =>
        [.. Regex.Matches(markdown, @"^#{1,6}\s+(.+?)\s*$", RegexOptions.Multiline).Select(m => Anchor(m.Groups[1].Value.Replace("`", "")))];

    [Test]
    public void Every_relative_link_in_the_readme_and_docs_resolves()
    {
        var broken = new List<string>();
        foreach (var document in Documents())
        {
            var text = File.ReadAllText(document);
            foreach (Match link in Regex.Matches(text, @"\]\(([^)\s]+)\)"))
            {
                var target = link.Groups[1].Value;
                if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase))
                {
                    continue;
                }

                var (path, anchor) = target.IndexOf('#') is var hash and >= 0 ? (target[..hash], target[(hash + 1)..]) : (target, "");
                var file = path.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, path));
                var name = $"{Path.GetRelativePath(RepositoryFiles.Path(), document)}: {target}";
                if (!File.Exists(file) && !Directory.Exists(file))
                {
                    broken.Add(name);
                }
                else if (anchor.Length > 0 && file.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(file)).Contains(anchor))
                {
                    broken.Add($"{name} (no such heading)");
                }
            }
        }

        Assert.That(broken, Is.Empty);
    }
}
