using System.Buffers;
using Matching.Core.Contracts;
using Matching.Core.Skills;
using Matching.Core.Validation;

namespace Matching.Core.Features;

/// <summary>
/// A candidate's snapshot as erasure leaves it beside a decision: what <see cref="FeatureExtractor"/> reads of it against
/// the decision's mission, and no free text, so the decision still teaches the same features. Kept: dates, levels,
/// years, ratings, availability, languages and active missions. Generalised: a skill name becomes the catalog's label
/// of its skill (an ambiguous name, itself a catalog name, stays as written), or the mission's own spelling when it is
/// one of the mission's skills the catalog does not know; the location becomes the mission's when it matched it, else
/// <see cref="Elsewhere"/>; a description becomes the catalog names of the skills it named, checked to read back as
/// the same skills. Dropped: the id (a pseudonym instead), experience titles, and names the catalog does not know that
/// are none of the mission's (they count for nothing then).
/// </summary>
public static class ErasedCandidate
{
    public const string Elsewhere = "elsewhere";

    /// <summary>What a description becomes: its skills listed after a lower-case word, so none opens a sentence (a capital there reads differently).</summary>
    const string DescribedPrefix = "used ";

    /// <summary>What ends a name in a text: no name spans a clause mark.</summary>
    static readonly SearchValues<char> ClauseMarks = SearchValues.Create(",;:!?()[]|•\n\r");

    public static Candidate Reduce(Candidate candidate, Mission mission, string pseudonym, SkillCatalog catalog)
    {
        var space = new SkillSpace(catalog);
        // Registers the mission's literal skills, which candidates' unknown names are matched against.
        MissionProfile.Create(mission, space);
        return candidate with
        {
            Id = pseudonym,
            Location = Location(candidate.Location, mission.Location),
            Skills = candidate.Skills?.Select(s => Name(s.Name!, space) is { } name ? s with { Name = name } : null).OfType<CandidateSkill>().ToList(),
            Experiences = candidate.Experiences?.Select(e => Experience(e, space)).ToList(),
            Aspirations = candidate.Aspirations?.Select(a => Name(a, space)).OfType<string>().ToList(),
        };
    }

    /// <summary>Only whether the location equals the mission's counts (after trimming and case), and whether it is known.</summary>
    static string? Location(string? location, string? missionLocation)
    {
        var own = MissionProfile.NormaliseLocation(location);
        if (own is null)
        {
            return null;
        }

        var there = MissionProfile.NormaliseLocation(missionLocation);
        return own == there ? missionLocation!.Trim()
            // A mission that is itself "elsewhere" must not match the placeholder.
            : there == MissionProfile.NormaliseLocation(Elsewhere) ? Elsewhere + " else" : Elsewhere;
    }

    /// <summary>A name as the feature extractor reads it, in words that are the catalog's or the mission's; null when it counts for nothing.</summary>
    static string? Name(string name, SkillSpace space)
    {
        var match = space.Read(name);
        if (!match.Found)
        {
            return null;
        }

        if (space.IsLiteral(match.ConceptId))
        {
            return space.Label(match.ConceptId);
        }

        if (match.IsAmbiguous)
        {
            return name;
        }

        var label = space.Catalog.Label(match.ConceptId);
        return space.Catalog.Read(label) is { IsAmbiguous: false } read && read.ConceptId == match.ConceptId ? label : name;
    }

    static Experience Experience(Experience experience, SkillSpace space)
    {
        var names = experience.Skills?.Select(n => Name(n, space)).OfType<string>().ToList();
        if (string.IsNullOrWhiteSpace(experience.Description))
        {
            return experience with { Title = null, Description = null, Skills = names };
        }

        var described = space.Catalog.Extract(experience.Description, language: null);
        if (described.Count == 0)
        {
            return experience with { Title = null, Description = null, Skills = names };
        }

        // The catalog's label, unless it holds a clause mark no name in a text can span ("data extraction, transformation
        // and loading tools"); then the catalog name the description used ("ETL"). Failing that, every name as used.
        foreach (var text in new[] { Listed(described, s => Prose(space.Catalog, s)), Listed(described, s => s.Spans[0].Text) })
        {
            var read = new List<int>();
            space.Catalog.ExtractConcepts(text, language: null, read);
            if (text.Length <= MatchLimits.Default.MaxDescriptionLength && read.Order().SequenceEqual(described.Select(s => s.ConceptId).Order()))
            {
                return experience with { Title = null, Description = text, Skills = names };
            }
        }

        // No list of names reads back as the same skills (none in the synthetic histories the tests reduce): they are kept
        // as the experience's skill names, which counts them as used but not as described.
        return experience with
        {
            Title = null,
            Description = null,
            Skills = [.. (names ?? []).Concat(described.Select(s => space.Catalog.Label(s.ConceptId))).Take(MatchLimits.Default.MaxSkills)],
        };
    }

    static string Listed(IReadOnlyList<ExtractedSkill> skills, Func<ExtractedSkill, string> name) => DescribedPrefix + string.Join(", ", skills.Select(name));

    static string Prose(SkillCatalog catalog, ExtractedSkill skill)
    {
        var label = catalog.Label(skill.ConceptId);
        var prose = SkillKeys.Unqualified(label) ?? label;
        return prose.AsSpan().IndexOfAny(ClauseMarks) < 0 ? prose : skill.Spans[0].Text;
    }
}
