using System.Collections.Concurrent;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Core.Model;
using Matching.Core.Validation;

namespace Matching.Core.Ranking;

/// <summary>A match request's answer: the response, or every fault that stops it.</summary>
/// <param name="Unreadable">The body itself could not be read (broken JSON, a wrong type in its outline).</param>
public sealed record MatchOutcome(MatchResponse? Response, ValidationErrors? Errors, bool Unreadable = false)
{
    /// <summary>The mission's id when the request gave one (for the decision log).</summary>
    public string? MissionId { get; init; }
}

/// <summary>
/// A POST /v1/match body from bytes to answer, shared by the API and the CLI: read the outline, validate the
/// mission, then read, validate and assess the candidates one by one across the cores (each dropped as soon as its
/// features and evidence are taken), and only when the whole request is valid hand them to the ranker.
/// </summary>
public sealed class MatchPipeline(Ranker ranker, MatchRequestValidator validator)
{
    /// <summary>Below this many candidates the work is too small to be worth spreading over cores.</summary>
    const int ParallelThreshold = 256;

    public MatchOutcome Run(ReadOnlyMemory<byte> body, RankingModel model, string requestId, CancellationToken cancellationToken = default)
    {
        MatchDocument document;
        try
        {
            document = MatchDocument.Parse(body);
        }
        catch (ContractException e)
        {
            var unreadable = new ValidationErrors();
            unreadable.Add(e.Fault.Path, e.Fault.Sentence);
            return new MatchOutcome(null, unreadable, Unreadable: true);
        }

        var errors = new ValidationErrors();
        validator.ValidateHead(document.Mission, document.HasCandidates, document.CandidateCount, document.Top, errors);
        var mission = errors.IsEmpty ? ranker.Resolve(document.Mission!, document.AllInterpretations ?? false, errors) : null;
        var count = document.CandidateCount <= validator.Limits.MaxCandidates ? document.CandidateCount : 0;
        var assessed = Assess(mission, count, (i, own) =>
        {
            try
            {
                return document.ReadCandidate(i);
            }
            catch (ContractException e)
            {
                own.Add(e.Fault.Path, e.Fault.Sentence);
                return null;
            }
        }, errors, cancellationToken);

        return errors.IsEmpty
            ? new MatchOutcome(ranker.Rank(mission!, assessed, document.Top, document.Explain, model, requestId), null) { MissionId = document.Mission!.Id }
            : new MatchOutcome(null, errors);
    }

    /// <summary>
    /// Ranks stored candidates (each the UTF-8 JSON of a <see cref="Candidate"/>) for a stored mission, resolved by the
    /// caller; both were checked when they were stored; faults found now (a profile no longer valid under today's limits) come back as errors.
    /// </summary>
    public MatchOutcome Run(MissionProfile mission, IReadOnlyList<byte[]> candidates, int? top, bool? explain, RankingModel model, string requestId, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var pool = new StringPool();
        var assessed = Assess(mission, candidates.Count, (i, own) =>
        {
            try
            {
                return CandidateJsonReader.Read(candidates[i], pool);
            }
            catch (ContractException e)
            {
                own.Add($"candidates[{i}]", e.Fault.Sentence);
                return null;
            }
        }, errors, cancellationToken);

        return errors.IsEmpty
            ? new MatchOutcome(ranker.Rank(mission, assessed, top, explain, model, requestId), null)
            : new MatchOutcome(null, errors);
    }

    /// <summary>Ranks a request already read into objects (tests, notebooks); an invalid one is an <see cref="ArgumentException"/>.</summary>
    public MatchResponse Rank(MatchRequest request, RankingModel model, string requestId, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var candidates = request.Candidates ?? [];
        validator.ValidateHead(request.Mission, request.Candidates is not null, candidates.Count, request.Top, errors);
        var mission = errors.IsEmpty ? ranker.Resolve(request.Mission!, request.AllInterpretations ?? false, errors) : null;
        // Candidates are validated as they are assessed, once.
        var assessed = mission is null ? null : Assess(mission, candidates.Count, (i, _) => candidates[i], errors, cancellationToken);
        if (!errors.IsEmpty)
        {
            throw new ArgumentException($"The request is not valid: {errors}", nameof(request));
        }

        return ranker.Rank(mission!, assessed!, request.Top, request.Explain, model, requestId);
    }

    /// <summary>Reads candidate <c>index</c>, or adds why it cannot be read to <c>errors</c> and returns null.</summary>
    delegate Candidate? CandidateReader(int index, ValidationErrors errors);

    /// <summary>
    /// Reads, validates and assesses every candidate, spread over the cores. With a null <paramref name="mission"/>
    /// (an invalid one) candidates are only read and validated. Errors are added in candidate order.
    /// </summary>
    AssessedCandidates Assess(MissionProfile? mission, int count, CandidateReader read, ValidationErrors errors, CancellationToken cancellationToken)
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
                validator.ValidateCandidate(candidate, i, own);
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

        MatchRequestValidator.CheckUniqueIds(ids, errors);
        return new AssessedCandidates(ids, features, evidence);
    }
}
