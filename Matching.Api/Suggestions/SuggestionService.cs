using System.Diagnostics;
using Matching.Api.Candidates;
using Matching.Api.Database;
using Matching.Api.Decisions;
using Matching.Api.Missions;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Core.Model;
using Matching.Core.Ranking;
using Matching.Core.Validation;
using Microsoft.Extensions.Options;

namespace Matching.Api.Suggestions;

/// <summary>What a suggestion asks besides the mission: how many to return, whether to explain, whether the unrelated are ranked too, whether the shortlist is skipped.</summary>
public sealed record SuggestionRequest(int? Top, bool? Explain, bool IncludeUnrelated, bool Exhaustive);

/// <summary>The ranking of the pool for a stored mission, or why there is none: no such mission, or faults that keep it (or the pool) from being ranked.</summary>
public sealed record Suggested(MatchResponse? Response, bool NoMission = false, ValidationErrors? Unrankable = null);

/// <summary>
/// Suggestions from the talent pool for a stored mission: the mission read and resolved, the pool narrowed in SQL (the
/// exclusion rules, relevance, the shortlist), the match pipeline over the candidates read, the pool's counts, the
/// decision log and one log line (counts and timings only).
/// </summary>
public sealed class SuggestionService(
    MissionStore missions, CandidateStore candidates, MatchPipeline pipeline, Ranker ranker, ServingModel serving, DecisionLog decisions,
    IOptions<DatabaseOptions> options, ILogger<SuggestionService> logger)
{
    /// <param name="requestId">The request's id, the ranking's in the response and the decision log.</param>
    /// <param name="keyId">The configured id of the API key that asked, for the decision log.</param>
    public async Task<Suggested> SuggestAsync(string missionId, SuggestionRequest request, string requestId, string? keyId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (await missions.GetAsync(missionId, cancellationToken) is not { } mission)
        {
            return new Suggested(null, NoMission: true);
        }

        // The mission's own reading of its skills decides which keys are mandatory.
        var errors = new ValidationErrors();
        if (ranker.Resolve(mission, allInterpretations: false, errors) is not { } profile)
        {
            return new Suggested(null, Unrankable: errors);
        }

        var shortlist = request.Exhaustive ? int.MaxValue : Math.Max(options.Value.SuggestionShortlist, request.Top ?? Ranker.DefaultTop);
        var slice = await candidates.PrefilterAsync(PoolFilterFor(profile, request.IncludeUnrelated, shortlist), cancellationToken);
        var read = Stopwatch.GetElapsedTime(started);
        var outcome = pipeline.Run(profile, slice.Profiles, request.Top, request.Explain, serving.Current, requestId, cancellationToken);
        if (outcome.Response is not { } response)
        {
            return new Suggested(null, Unrankable: outcome.Errors!);
        }

        response = response with
        {
            Pool = new PoolCounts(slice.Stored, slice.Profiles.Count, slice.Unavailable, slice.MissingMandatorySkill, slice.NoSharedLanguage, slice.Unrelated, slice.BelowShortlist),
        };
        decisions.Record(keyId, response, missionId, DecisionLog.Pool, started);
        logger.LogInformation(
            "Suggested from a pool of {Stored}: {Considered} considered ({BelowShortlist} below the shortlist), {Ranked} ranked, {Returned} returned, model {ModelVersion}, {ElapsedMs:0.0} ms ({DatabaseMs:0.0} ms in the database)",
            slice.Stored, slice.Profiles.Count, slice.BelowShortlist, response.Counts.Ranked, response.Results.Count, response.ModelVersion, Stopwatch.GetElapsedTime(started).TotalMilliseconds, read.TotalMilliseconds);
        return new Suggested(response);
    }

    /// <summary>What a resolved mission asks of the pool, in the keys the pool's columns hold (<see cref="CandidateColumns.KeyOf"/>).</summary>
    internal static PoolFilter PoolFilterFor(MissionProfile profile, bool includeUnrelated, int shortlist) => new(
        profile.Start, profile.End,
        [.. profile.Skills.Where(s => s.Mandatory).Select(s => CandidateColumns.KeyOf(profile.Space, s.SkillId)).Distinct()],
        [.. profile.Languages.Select(l => l.ToLowerInvariant()).Distinct()],
        [.. profile.Bearings.Select(b => new PoolBearing(CandidateColumns.KeyOf(profile.Space, b.SkillId), b.RequiredIndex, b.Credit))],
        CoverageBound.Weights(profile),
        includeUnrelated,
        shortlist);
}
