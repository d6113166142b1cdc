namespace Matching.Core.Contracts;

/// <summary>A ranked, explained shortlist. Every candidate sent is either ranked or excluded.</summary>
public sealed record MatchResponse
{
    public required string RequestId { get; init; }

    public required string ModelVersion { get; init; }

    /// <summary>Candidates received, ranked and excluded, and how many ranked ones <c>top</c> left out.</summary>
    public required MatchCounts Counts { get; init; }

    public required IReadOnlyList<RankedCandidate> Results { get; init; }

    public required IReadOnlyList<ExcludedCandidate> Excluded { get; init; }

    /// <summary>Skill names the catalog does not know: they were matched literally (exact name only).</summary>
    public required IReadOnlyList<string> UnrecognisedSkills { get; init; }

    /// <summary>
    /// Each distinct skill name received (mission, skills, experiences, aspirations) that was not read by its
    /// exact label, with what it was read as; every name with <c>allInterpretations</c>. A name read two ways
    /// (an ambiguous one, in different contexts) appears once per reading.
    /// </summary>
    public IReadOnlyList<SkillInterpretation>? SkillInterpretations { get; init; }

    /// <summary>When the mission listed no skills: those found in its description, now required (level 1, weight 1).</summary>
    public IReadOnlyList<DerivedSkill>? SkillsFromDescription { get; init; }

    /// <summary>
    /// Suggestions from the stored pool only: how many candidates are stored and how many the exclusion rules left
    /// out before ranking (counted, not listed: <see cref="Excluded"/> lists only candidates that were read).
    /// </summary>
    public PoolCounts? Pool { get; init; }
}

/// <summary>
/// The stored pool a suggestion was drawn from: <see cref="Stored"/> candidates, <see cref="Considered"/> of them read
/// and ranked or excluded as /v1/match would; the others left out before ranking, counted per rule (a candidate
/// failing two rules counts in both): the exclusion rules, and <see cref="Unrelated"/> — of the candidates the
/// exclusion rules keep, those holding, having used and aspiring to none of the mission's skills or their neighbours
/// (counted even when they were included).
/// <see cref="BelowShortlist"/>: kept by every rule but not read, because the shortlist (the candidates whose stored
/// skills and free days could cover most of the mission) was full; 0 with <c>exhaustive=true</c>.
/// </summary>
public sealed record PoolCounts(int Stored, int Considered, int Unavailable, int MissingMandatorySkill, int NoSharedLanguage, int Unrelated, int BelowShortlist);

/// <summary>
/// How a skill name was read. <see cref="How"/>: label, alias, acronym, translation, variant (plural, version,
/// qualifier), context (an ambiguous name decided by the skills around it), ambiguous (context could not
/// decide: the most common sense was taken), fuzzy (one edit from a known name), unrecognised.
/// </summary>
public sealed record SkillInterpretation(string Name, string? ConceptId, string? Label, string How, IReadOnlyList<SkillSense>? Alternatives);

/// <summary>A concept by its stable id and preferred label.</summary>
public sealed record SkillSense(string ConceptId, string Label);

/// <summary>A skill found in free text: the concept, and the words that named it.</summary>
public sealed record DerivedSkill(string ConceptId, string Label, string Text);

public sealed record MatchCounts(int Received, int Ranked, int Excluded, int Omitted);

public sealed record RankedCandidate
{
    public required string CandidateId { get; init; }

    public required int Rank { get; init; }

    /// <summary>
    /// In [0, 1], non-increasing with rank: the logistic of the model's margin. With the default
    /// binary:logistic model it is a calibrated probability of being staffed from a pool like the
    /// training history's; with a rank:* model it only orders candidates.
    /// </summary>
    public required double Score { get; init; }

    public Factors? Factors { get; init; }

    public IReadOnlyList<MatchedSkill>? MatchedSkills { get; init; }

    public IReadOnlyList<string>? MissingSkills { get; init; }

    public IReadOnlyList<AdjacentSkill>? AdjacentSkills { get; init; }

    public IReadOnlyList<string>? Reasons { get; init; }
}

/// <summary>
/// Each factor's contribution to the candidate's margin (log-odds units): the model's exact SHAP values
/// summed over the features of that factor. <see cref="Baseline"/> plus the five factors is the margin.
/// </summary>
public sealed record Factors(double Skills, double Experience, double Availability, double Aspirations, double Context, double Baseline);

/// <summary>
/// A required skill the candidate holds, with the level the mission wants and the level they have.
/// <see cref="Source"/>: "declared" (only in their skills) or "experience" (used in an assignment: listed or found in its description).
/// </summary>
public sealed record MatchedSkill(string Skill, int RequiredLevel, int Level, string Source);

/// <summary>A required skill the candidate lacks, and the skill of theirs that stood in for it.</summary>
public sealed record AdjacentSkill(string RequiredSkill, string CandidateSkill, string Relation, double Credit);

public sealed record ExcludedCandidate(string CandidateId, IReadOnlyList<string> Codes, IReadOnlyList<string> Reasons);
