using Matching.Core.Model;
using Matching.Core.Ranking;

namespace Matching.Tests;

/// <summary>The default model the service ships (models/default), loaded once, and a ranker over the shipped catalog.</summary>
static class TestModel
{
    static readonly Lazy<RankingModel> Model = new(() => RankingModel.Load(Path.Combine(AppContext.BaseDirectory, "models", "default")));

    public static RankingModel Default => Model.Value;

    public static Ranker Ranker { get; } = new(TestCatalog.Shared);
}
