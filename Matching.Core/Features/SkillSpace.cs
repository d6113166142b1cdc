using System.Collections.Concurrent;
using Matching.Core.Contracts;
using Matching.Core.Skills;

namespace Matching.Core.Features;

/// <summary>
/// Skill identities for one request: catalog concepts keep their catalog ids; names the catalog does not
/// know become literal skills (ids from <see cref="SkillCatalog.ConceptCount"/> up) that match by exact
/// normalised name only. Each distinct name is read once per request, whatever it costs, and every reading
/// that is not the exact label is kept to report back. Safe for parallel candidates once the mission's own
/// skills are resolved; lives as long as the request, so no client text outlives it.
/// </summary>
public sealed class SkillSpace(SkillCatalog catalog, bool recordLabels = false)
{
    /// <summary>Reported unrecognised names are capped; the count is not.</summary>
    public const int MaxReportedUnrecognised = 100;

    /// <summary>Reported interpretations are capped at this many distinct readings.</summary>
    public const int MaxReportedInterpretations = 1000;

    readonly ConcurrentDictionary<string, SkillMatch> readings = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> missionLiterals = new(StringComparer.Ordinal);
    readonly List<string> literalLabels = [];
    readonly ConcurrentDictionary<string, string> unrecognised = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<(string Name, int Concept), SkillReading> interpretations = new();
    int[] missionConcepts = [];

    public SkillCatalog Catalog => catalog;

    /// <summary>Resolves a mission's skill in the context of the mission's other skills, creating a literal skill when the catalog does not know it.</summary>
    public int ResolveRequired(string name, IReadOnlyList<string> list)
    {
        var id = Resolve(name, list);
        if (id >= 0)
        {
            return id;
        }

        var key = SkillCatalog.NormaliseKey(name);
        if (!missionLiterals.TryGetValue(key, out id))
        {
            id = catalog.ConceptCount + literalLabels.Count;
            missionLiterals[key] = id;
            literalLabels.Add(name.Trim());
        }

        // Later readings of the same name find the literal.
        readings[name] = new SkillMatch(id, SkillReading.Unrecognised);
        return id;
    }

    /// <summary>The mission's resolved skills, context for reading ambiguous names in candidates' lists.</summary>
    public void SetMissionConcepts(IEnumerable<int> concepts) => missionConcepts = [.. concepts.Where(c => !IsLiteral(c))];

    /// <summary>
    /// Resolves a name from a list (a candidate's skills, an experience's, aspirations): -1 when it is neither
    /// in the catalog nor one of the mission's literal skills (it cannot matter to this mission then). An
    /// ambiguous name is decided by the other names of <paramref name="list"/> and the mission's skills.
    /// </summary>
    public int Resolve(string name, IReadOnlyList<string>? list)
    {
        var match = Read(name);
        return match.IsAmbiguous ? InContext(name, match, list?.Count ?? 0, i => list![i]) : match.ConceptId;
    }

    /// <summary><see cref="Resolve(string, IReadOnlyList{string})"/> for a candidate's declared skills.</summary>
    public int Resolve(string name, IReadOnlyList<CandidateSkill> list)
    {
        var match = Read(name);
        return match.IsAmbiguous ? InContext(name, match, list.Count, i => list[i].Name!) : match.ConceptId;
    }

    int InContext(string name, SkillMatch match, int others, Func<int, string> nameAt)
    {
        Span<int> context = others + missionConcepts.Length <= 256 ? stackalloc int[others + missionConcepts.Length] : new int[others + missionConcepts.Length];
        var count = 0;
        for (var i = 0; i < others; i++)
        {
            if (nameAt(i) is var otherName && !string.Equals(otherName, name, StringComparison.Ordinal)
                && Read(otherName) is { Found: true, IsAmbiguous: false } other && !IsLiteral(other.ConceptId))
            {
                context[count++] = other.ConceptId;
            }
        }

        missionConcepts.CopyTo(context[count..]);
        count += missionConcepts.Length;
        var decided = catalog.Decide(match, context[..count]);
        Interpreted(name, decided);
        return decided.ConceptId;
    }

    /// <summary>How the name reads, on its own; computed once per distinct name in a request.</summary>
    public SkillMatch Read(string name) =>
        readings.TryGetValue(name, out var match) ? match : readings.GetOrAdd(name, static (n, space) => space.ReadFirst(n), this);

    SkillMatch ReadFirst(string name)
    {
        var match = catalog.Read(name);
        if (match.Found)
        {
            if (!match.IsAmbiguous)
            {
                Interpreted(name, match);
            }

            return match;
        }

        var key = SkillCatalog.NormaliseKey(name);
        if (key.Length > 0)
        {
            var spelling = name.Trim();
            // Keep one spelling per key, the same whichever thread saw it first, so responses are deterministic.
            unrecognised.AddOrUpdate(key, spelling, (_, seen) => string.CompareOrdinal(spelling, seen) < 0 ? spelling : seen);
        }

        return new SkillMatch(missionLiterals.GetValueOrDefault(key, -1), SkillReading.Unrecognised);
    }

    void Interpreted(string name, SkillMatch match)
    {
        if ((recordLabels || match.How != SkillReading.Label) && interpretations.Count < MaxReportedInterpretations)
        {
            interpretations.TryAdd((name.Trim(), match.ConceptId), match.How);
        }
    }

    /// <summary>The concepts a free text names (English or French), for experience descriptions.</summary>
    public List<int> Extract(string text)
    {
        var concepts = new List<int>();
        catalog.ExtractConcepts(text, language: null, concepts);
        return concepts;
    }

    public bool IsLiteral(int id) => id >= catalog.ConceptCount;

    public string Label(int id) => IsLiteral(id) ? literalLabels[id - catalog.ConceptCount] : catalog.Label(id);

    public IReadOnlyList<SkillNeighbour> Neighbours(int id) => IsLiteral(id) ? [] : catalog.Neighbours(id);

    /// <summary>Distinct unrecognised names, sorted, at most <see cref="MaxReportedUnrecognised"/>.</summary>
    public IReadOnlyList<string> Unrecognised() =>
        [.. unrecognised.Values.Order(StringComparer.Ordinal).Take(MaxReportedUnrecognised)];

    /// <summary>Every distinct (name, concept) reading kept, sorted by name then concept key.</summary>
    public IReadOnlyList<(string Name, int ConceptId, SkillReading How)> Interpretations() =>
        [.. interpretations
            .Select(i => (i.Key.Name, i.Key.Concept, i.Value))
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ThenBy(i => catalog.ConceptKey(i.Concept), StringComparer.Ordinal)
            .Take(MaxReportedInterpretations)];
}
