using System.Collections.Concurrent;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Core.Model;
using Matching.Core.Skills;

namespace Matching.Core.Ranking;

/// <summary>
/// Turns a validated request into a ranked, explained shortlist: resolve the mission, assess every
/// candidate (features, evidence, exclusion rules), score the eligible ones in one batch, order them by
/// score then candidate id, and explain only the rows returned.
/// </summary>
public sealed class Ranker(SkillCatalog catalog)
{
    public const int DefaultTop = 10;

    /// <summary>Below this many candidates the work is too small to be worth spreading over cores.</summary>
    const int ParallelThreshold = 256;

    public MatchResponse Rank(MatchRequest request, RankingModel model, string requestId, CancellationToken cancellationToken = default)
    {
        var space = new SkillSpace(catalog);
        var mission = MissionProfile.Create(request.Mission!, space);
        var candidates = request.Candidates!;
        var count = candidates.Count;
        var width = FeatureSchema.Count;
        var features = new float[count * width];
        var evidence = new CandidateEvidence[count];

        if (count < ParallelThreshold)
        {
            for (var i = 0; i < count; i++)
            {
                evidence[i] = FeatureExtractor.Assess(mission, candidates[i], features.AsSpan(i * width, width));
            }
        }
        else
        {
            var options = new ParallelOptions { CancellationToken = cancellationToken };
            Parallel.ForEach(Partitioner.Create(0, count, Math.Max(64, count / (Environment.ProcessorCount * 4))), options, range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    evidence[i] = FeatureExtractor.Assess(mission, candidates[i], features.AsSpan(i * width, width));
                }
            });
        }

        cancellationToken.ThrowIfCancellationRequested();
        var eligible = new List<int>(count);
        var excluded = new List<ExcludedCandidate>();
        for (var i = 0; i < count; i++)
        {
            if (evidence[i].IsExcluded)
            {
                excluded.Add(new ExcludedCandidate(candidates[i].Id!, evidence[i].ExclusionCodes, evidence[i].ExclusionReasons));
            }
            else
            {
                eligible.Add(i);
            }
        }

        var rows = new float[eligible.Count * width];
        for (var e = 0; e < eligible.Count; e++)
        {
            features.AsSpan(eligible[e] * width, width).CopyTo(rows.AsSpan(e * width, width));
        }

        var margins = new float[eligible.Count];
        model.PredictMargins(rows, eligible.Count, margins);

        var order = new int[eligible.Count];
        for (var e = 0; e < order.Length; e++)
        {
            order[e] = e;
        }

        // Highest margin first; equal margins by candidate id, so request order never matters.
        Array.Sort(order, (a, b) =>
        {
            var byMargin = margins[b].CompareTo(margins[a]);
            return byMargin != 0 ? byMargin : string.CompareOrdinal(candidates[eligible[a]].Id, candidates[eligible[b]].Id);
        });

        var top = Math.Min(request.Top ?? DefaultTop, order.Length);
        var explain = request.Explain ?? true;
        var factors = explain ? model.Explain(rows, order.AsSpan(0, top)) : null;
        var results = new RankedCandidate[top];
        for (var k = 0; k < top; k++)
        {
            var row = order[k];
            var index = eligible[row];
            var score = Sigmoid(margins[row]);
            results[k] = explain
                ? Explanation.Explain(mission, candidates[index], evidence[index], factors![k], k + 1, score)
                : new RankedCandidate { CandidateId = candidates[index].Id!, Rank = k + 1, Score = score };
        }

        excluded.Sort((a, b) => string.CompareOrdinal(a.CandidateId, b.CandidateId));
        return new MatchResponse
        {
            RequestId = requestId,
            ModelVersion = model.Version,
            Counts = new MatchCounts(count, eligible.Count, excluded.Count, eligible.Count - top),
            Results = results,
            Excluded = excluded,
            UnrecognisedSkills = space.Unrecognised(),
        };
    }

    public static double Sigmoid(float margin) => 1 / (1 + Math.Exp(-margin));
}
