namespace Matching.Core.Skills;

/// <summary>How a skill name was read; reported back so that no name is silently misread.</summary>
public enum SkillReading : byte
{
    /// <summary>The concept's preferred label (case, accents and punctuation aside).</summary>
    Label,

    /// <summary>Another name of the concept: an ESCO alternative or hidden label, an O*NET product name, a curated alias.</summary>
    Alias,

    /// <summary>A curated acronym or short form ("K8s", "OOP", "CI/CD").</summary>
    Acronym,

    /// <summary>A French label (ESCO's French collections or the curated French forms).</summary>
    Translation,

    /// <summary>A variant of a known name: plural, without a qualifier, or with a version number ("HTML5", "Python 3").</summary>
    Variant,

    /// <summary>An ambiguous name whose sense the other skills around it decided.</summary>
    Context,

    /// <summary>An ambiguous name that context could not decide: its most common sense was taken; the others are listed.</summary>
    Ambiguous,

    /// <summary>A name one edit away from a single known name of six letters or more.</summary>
    Fuzzy,

    /// <summary>The catalog does not know the name: it matches only the same name, literally.</summary>
    Unrecognised,
}

/// <summary>
/// What a name was read as: a concept (or -1), how, and for an ambiguous name the index of its ambiguity in
/// the catalog (else -1), so that its sense can be decided in context.
/// </summary>
public readonly record struct SkillMatch(int ConceptId, SkillReading How, int Ambiguity = -1)
{
    public static SkillMatch None { get; } = new(-1, SkillReading.Unrecognised);

    public bool Found => ConceptId >= 0;

    public bool IsAmbiguous => Ambiguity >= 0;
}
