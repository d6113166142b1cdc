using Matching.Core.Model;
using Matching.Core.Ranking;
using Matching.Core.Validation;

namespace Matching.Tests;

/// <summary>The default model the service ships (models/default), loaded once, a ranker over the shipped catalog and the request pipeline.</summary>
static class TestModel
{
    static readonly Lazy<RankingModel> Model = new(() => RankingModel.Load(Path.Combine(AppContext.BaseDirectory, "models", "default")));

    public static RankingModel Default => Model.Value;

    public static Ranker Ranker { get; } = new(TestCatalog.Shared);

    /// <summary>The request pipeline the API and the CLI share, over <see cref="Ranker"/>.</summary>
    public static MatchPipeline Pipeline { get; } = new(Ranker, new MatchRequestValidator(MatchLimits.Default));
}
