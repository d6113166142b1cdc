namespace Matching.Core.Skills;

/// <summary>Where a skill was named in a text: the UTF-16 offset and length, and the words as written.</summary>
public readonly record struct TextSpan(int Start, int Length, string Text);

/// <summary>A concept named in a text, with every place it was named, how it was read and a confidence in [0, 1].</summary>
public sealed record ExtractedSkill(int ConceptId, IReadOnlyList<TextSpan> Spans, SkillReading How, double Confidence);
