using Matching.Core.Skills;

namespace Matching.Tests;

/// <summary>The catalog the service ships (models/catalog, copied beside the test assembly), loaded once.</summary>
static class TestCatalog
{
    static readonly Lazy<SkillCatalog> Catalog = new(() =>
        SkillCatalog.Load(Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz")));

    public static SkillCatalog Shared => Catalog.Value;

    public static int Id(string name) =>
        Shared.TryResolve(name, out var id) ? id : throw new InvalidOperationException($"The catalog does not know {name}.");
}
