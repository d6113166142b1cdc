using BenchmarkDotNet.Attributes;
using Matching.Core.Skills;

namespace Matching.Benchmarks;

/// <summary>Start-up cost of the skills catalog and the cost of resolving one skill name on the request path.</summary>
[MemoryDiagnoser]
public class CatalogBenchmarks
{
    static readonly string CatalogPath = Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz");

    SkillCatalog catalog = null!;

    [GlobalSetup]
    public void Setup() => catalog = SkillCatalog.Load(CatalogPath);

    [Benchmark]
    public SkillCatalog Load() => SkillCatalog.Load(CatalogPath);

    [Benchmark]
    public int Resolve_known_name() => catalog.TryResolve("Python (computer programming)", out var id) ? id : -1;

    [Benchmark]
    public int Resolve_variant_spelling() => catalog.TryResolve("  c SHARP ", out var id) ? id : -1;
}
