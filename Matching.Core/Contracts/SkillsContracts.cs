namespace Matching.Core.Contracts;

/// <summary>The body of POST /v1/skills/resolve: names to read, and optional skills that give ambiguous names their context.</summary>
public sealed record ResolveSkillsRequest
{
    /// <summary>At most 1,000 names, each read on its own (with <see cref="Context"/> for ambiguous ones).</summary>
    public List<string>? Names { get; init; }

    /// <summary>Skill names around them (a mission's or a person's other skills), used only to decide ambiguous names.</summary>
    public List<string>? Context { get; init; }
}

public sealed record ResolveSkillsResponse(string CatalogVersion, IReadOnlyList<SkillInterpretation> Interpretations);

/// <summary>A concept offered for what someone is typing, with the name of it that matched.</summary>
public sealed record SkillSuggestionItem(string ConceptId, string Label, string MatchedName, string Kind);

public sealed record SkillSuggestionsResponse(string CatalogVersion, IReadOnlyList<SkillSuggestionItem> Suggestions);

/// <summary>The body of POST /v1/skills/extract.</summary>
public sealed record ExtractSkillsRequest
{
    /// <summary>Free text, such as a job ad, a CV or a mission description.</summary>
    public string? Text { get; init; }

    /// <summary>"en" or "fr": which negations to heed ("no Java", "sans SAP").</summary>
    public string? Language { get; init; }
}

/// <summary>Where a skill was named: UTF-16 offset and length in the text, and the words.</summary>
public sealed record SkillSpan(int Start, int Length, string Text);

/// <summary>
/// A concept found in a text with every place it was named. <see cref="Confidence"/> is a heuristic in [0, 1]
/// (longer and exact names higher, short names and aliases lower), not a calibrated probability.
/// </summary>
public sealed record ExtractedSkillItem(string ConceptId, string Label, string How, double Confidence, IReadOnlyList<SkillSpan> Spans);

public sealed record ExtractSkillsResponse(string CatalogVersion, IReadOnlyList<ExtractedSkillItem> Skills);
