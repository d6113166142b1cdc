using Matching.Core.Contracts;
using Matching.Core.Skills;
using NpgsqlTypes;

namespace Matching.Api.Candidates;

/// <summary>
/// What the pool keeps beside a candidate's JSON so that SQL can narrow it before the model ranks: the skills held
/// (declared, used in an experience, or named in an experience's description), the skills aspired to, the languages
/// spoken and the days with free time. Each errs on the side of keeping a candidate: an ambiguous name counts as all its senses.
/// </summary>
public sealed record CandidateColumns(string[] Skills, string[] Aspirations, string[]? Languages, NpgsqlRange<DateOnly>[]? Availability)
{
    /// <summary>The prefix of a name the catalog does not know, which then matches only the same name.</summary>
    public const string LiteralPrefix = "name:";

    /// <summary>The key a required skill of a resolved mission has in the skills column.</summary>
    public static string KeyOf(Matching.Core.Features.SkillSpace space, int skillId) =>
        space.IsLiteral(skillId) ? LiteralPrefix + SkillKeys.NormaliseKey(space.Label(skillId)) : space.Catalog.ConceptKey(skillId);

    public static CandidateColumns Of(Candidate candidate, SkillCatalog catalog)
    {
        var skills = new HashSet<string>(StringComparer.Ordinal);
        foreach (var skill in candidate.Skills ?? [])
        {
            Add(skills, skill.Name!);
        }

        foreach (var experience in candidate.Experiences ?? [])
        {
            foreach (var name in experience.Skills ?? [])
            {
                Add(skills, name);
            }

            if (!string.IsNullOrWhiteSpace(experience.Description))
            {
                skills.UnionWith(catalog.Extract(experience.Description, language: null).Select(s => catalog.ConceptKey(s.ConceptId)));
            }
        }

        var availability = candidate.Availability?
            .Where(w => w.Capacity > 0)
            .Select(w => new NpgsqlRange<DateOnly>(w.From!.Value, true, w.To!.Value, true))
            .ToArray();
        // Lower case, as the ranker compares languages without regard to case.
        var aspirations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in candidate.Aspirations ?? [])
        {
            Add(aspirations, name);
        }

        return new CandidateColumns(
            [.. skills.Order(StringComparer.Ordinal)], [.. aspirations.Order(StringComparer.Ordinal)],
            candidate.Languages?.Select(l => l.ToLowerInvariant()).ToArray(), availability);

        void Add(HashSet<string> keys, string name)
        {
            var match = catalog.Read(name);
            if (!match.Found)
            {
                keys.Add(LiteralPrefix + SkillKeys.NormaliseKey(name));
            }
            else if (match.IsAmbiguous)
            {
                keys.UnionWith(catalog.Senses(match.Ambiguity).Select(catalog.ConceptKey));
            }
            else
            {
                keys.Add(catalog.ConceptKey(match.ConceptId));
            }
        }
    }
}
