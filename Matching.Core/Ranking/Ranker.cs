using System.Collections.Concurrent;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Core.Model;
using Matching.Core.Skills;
using Matching.Core.Validation;

namespace Matching.Core.Ranking;

/// <summary>Candidates after assessment: their ids, feature rows and evidence, in request order.</summary>
public sealed record AssessedCandidates(string[] Ids, float[] Features, CandidateEvidence[] Evidence);

/// <summary>Reads candidate <c>index</c>, or reports why it cannot be read and returns null.</summary>
public delegate Candidate? CandidateReader(int index, ValidationErrors errors);

/// <summary>
/// Turns a mission and its candidates into a ranked, explained shortlist: resolve the mission, assess
/// every candidate (features, evidence, exclusion rules), score the eligible ones in one batch, order
/// them by score then candidate id, and explain only the rows returned.
/// </summary>
public sealed class Ranker(SkillCatalog catalog)
{
    public const int DefaultTop = 10;

    /// <summary>Below this many candidates the work is too small to be worth spreading over cores.</summary>
    const int ParallelThreshold = 256;

    public MissionProfile Resolve(Mission mission, bool allInterpretations = false) =>
        MissionProfile.Create(mission, new SkillSpace(catalog, recordLabels: allInterpretations));

    /// <summary>Resolves a validated mission; null, with the fault added to <paramref name="errors"/>, when it ends up requiring no skill.</summary>
    public MissionProfile? Resolve(Mission mission, bool allInterpretations, ValidationErrors errors)
    {
        var profile = Resolve(mission, allInterpretations);
        if (profile.Skills.Count > 0)
        {
            return profile;
        }

        errors.Add("mission.description", "No skill was found in the description; list the mission's skills.");
        return null;
    }

    /// <summary>Ranks a request that has been validated.</summary>
    public MatchResponse Rank(MatchRequest request, RankingModel model, string requestId, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var mission = Resolve(request.Mission!, request.AllInterpretations ?? false, errors)
            ?? throw new ArgumentException(string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)), nameof(request));
        var candidates = request.Candidates!;
        var assessed = Assess(mission, candidates.Count, (i, _) => candidates[i], validator: null, errors, cancellationToken);
        return Rank(mission, assessed, request.Top, request.Explain, model, requestId);
    }

    /// <summary>
    /// Reads, validates (when given a validator) and assesses every candidate, spread over the cores; each
    /// candidate is dropped as soon as its features and evidence are taken. With a null
    /// <paramref name="mission"/> (an invalid one) candidates are only read and validated. Errors are
    /// added to <paramref name="errors"/> in candidate order.
    /// </summary>
    public AssessedCandidates Assess(
        MissionProfile? mission, int count, CandidateReader read, MatchRequestValidator? validator, ValidationErrors errors, CancellationToken cancellationToken = default)
    {
        var width = FeatureSchema.Count;
        var ids = new string[count];
        var features = new float[count * width];
        var evidence = new CandidateEvidence[count];
        var failures = new ValidationErrors?[count];

        void AssessOne(int i)
        {
            var own = new ValidationErrors();
            var candidate = read(i, own);
            if (own.IsEmpty)
            {
                validator?.ValidateCandidate(candidate, i, own);
            }

            ids[i] = candidate?.Id!;

            if (!own.IsEmpty)
            {
                failures[i] = own;
            }
            else if (mission is not null && candidate is not null)
            {
                evidence[i] = FeatureExtractor.Assess(mission, candidate, features.AsSpan(i * width, width));
            }
        }

        if (count < ParallelThreshold)
        {
            for (var i = 0; i < count; i++)
            {
                AssessOne(i);
            }
        }
        else
        {
            var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.ForEach(Partitioner.Create(0, count, Math.Max(64, count / (Environment.ProcessorCount * 8))), options, range =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    AssessOne(i);
                }
            });
        }

        foreach (var failure in failures)
        {
            if (failure is not null)
            {
                errors.Add(failure);
            }
        }

        if (validator is not null)
        {
            MatchRequestValidator.CheckUniqueIds(ids, errors);
        }

        return new AssessedCandidates(ids, features, evidence);
    }

    /// <summary>Scores the eligible candidates, orders them, explains the <paramref name="top"/> returned.</summary>
    public MatchResponse Rank(MissionProfile mission, AssessedCandidates assessed, int? top, bool? explain, RankingModel model, string requestId)
    {
        var (ids, features, evidence) = assessed;
        var width = FeatureSchema.Count;
        var eligible = new List<int>(ids.Length);
        var excluded = new List<ExcludedCandidate>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (evidence[i].IsExcluded)
            {
                excluded.Add(new ExcludedCandidate(ids[i], evidence[i].ExclusionCodes, evidence[i].ExclusionReasons));
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
            return byMargin != 0 ? byMargin : string.CompareOrdinal(ids[eligible[a]], ids[eligible[b]]);
        });

        var returned = Math.Min(top ?? DefaultTop, order.Length);
        var explained = explain ?? true;
        var factors = explained ? model.Explain(rows, order.AsSpan(0, returned)) : null;
        var results = new RankedCandidate[returned];
        for (var k = 0; k < returned; k++)
        {
            var row = order[k];
            var index = eligible[row];
            var score = Sigmoid(margins[row]);
            results[k] = explained
                ? Explanation.Explain(mission, ids[index], evidence[index], factors![k], k + 1, score)
                : new RankedCandidate { CandidateId = ids[index], Rank = k + 1, Score = score };
        }

        excluded.Sort((a, b) => string.CompareOrdinal(a.CandidateId, b.CandidateId));
        return new MatchResponse
        {
            RequestId = requestId,
            ModelVersion = model.Version,
            Counts = new MatchCounts(ids.Length, eligible.Count, excluded.Count, eligible.Count - returned),
            Results = results,
            Excluded = excluded,
            UnrecognisedSkills = mission.Space.Unrecognised(),
            SkillInterpretations = Interpretations(mission.Space),
            SkillsFromDescription = mission.FromDescription.Count == 0 ? null
                : [.. mission.FromDescription.Select(d => new DerivedSkill(catalog.ConceptKey(d.SkillId), catalog.Label(d.SkillId), d.Text))],
        };
    }

    public static double Sigmoid(float margin) => 1 / (1 + Math.Exp(-margin));

    /// <summary>The readings a request's skill space kept, as the contract states them.</summary>
    public static List<SkillInterpretation> Interpretations(SkillSpace space) =>
        [.. space.Interpretations().Select(i => Interpretation(space.Catalog, i.Name, i.ConceptId, i.How))];

    public static SkillInterpretation Interpretation(SkillCatalog catalog, string name, int conceptId, SkillReading how)
    {
        if (conceptId < 0 || conceptId >= catalog.ConceptCount)
        {
            return new SkillInterpretation(name, null, null, ReadingName(SkillReading.Unrecognised), null);
        }

        List<SkillSense>? alternatives = null;
        if (how is SkillReading.Context or SkillReading.Ambiguous && catalog.Read(name) is { IsAmbiguous: true } ambiguous)
        {
            alternatives = [.. catalog.Senses(ambiguous.Ambiguity).Where(s => s != conceptId).Select(s => new SkillSense(catalog.ConceptKey(s), catalog.Label(s)))];
        }

        return new SkillInterpretation(name, catalog.ConceptKey(conceptId), catalog.Label(conceptId), ReadingName(how), alternatives);
    }

    public static string ReadingName(SkillReading how) => how.ToString().ToLowerInvariant();
}
