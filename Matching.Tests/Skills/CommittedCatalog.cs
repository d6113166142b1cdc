using Matching.Core.Skills;

namespace Matching.Tests.Skills;

/// <summary>The catalog committed under models/catalog, found from the test output folder up to the solution root.</summary>
static class CommittedCatalog
{
    public static string Path { get; } = Find();

    static readonly Lazy<SkillCatalog> Catalog = new(() => SkillCatalog.Load(Path));

    public static SkillCatalog Instance => Catalog.Value;

    /// <summary>The concept a name resolves to; fails the test when it resolves to none.</summary>
    public static int Resolve(string name)
    {
        Assert.That(Instance.TryResolve(name, out var id), Is.True, $"'{name}' should resolve");
        return id;
    }

    static string Find()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Matching.sln")))
            {
                return System.IO.Path.Combine(folder.FullName, "models", "catalog", "skills.json.gz");
            }
        }

        throw new InvalidOperationException("No Matching.sln above the test folder.");
    }
}
