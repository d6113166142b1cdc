using System.Collections.Concurrent;
using Matching.Core.Skills;

namespace Matching.Core.Features;

/// <summary>
/// Skill identities for one request: catalog concepts keep their catalog ids; names the catalog does not
/// know become literal skills (ids from <see cref="SkillCatalog.ConceptCount"/> up) that match by exact
/// normalised name only. Each distinct name is read once per request, whatever it costs, and every reading
/// that is not the exact label is kept to report back. Safe for parallel candidates once the mission's own
/// skills are resolved; its caches live as long as the request.
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
    readonly ConcurrentDictionary<(string Name, int Concept, SkillReading How), byte> interpretations = new();
    int[] missionConcepts = [];

    public SkillCatalog Catalog => catalog;

    /// <summary>The literal skill for a mission's name the catalog does not know, created on first sight.</summary>
    public int Literal(string name)
    {
        var key = SkillKeys.NormaliseKey(name);
        if (!missionLiterals.TryGetValue(key, out var id))
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
    public void SetMissionConcepts(IEnumerable<int> concepts) => missionConcepts = [.. concepts.Where(c => !IsLiteral(c)).Distinct()];

    /// <summary>
    /// Resolves every name of a list (a candidate's skills, an experience's, aspirations, the mission's) into
    /// <paramref name="ids"/>: -1 for a name that is neither in the catalog nor one of the mission's literal
    /// skills (it cannot matter to this mission then). Ambiguous names are decided once, against the distinct
    /// concepts of the list's other names and the mission's skills.
    /// </summary>
    public void ResolveList<T>(IReadOnlyList<T> list, Func<T, string> nameOf, Span<int> ids)
    {
        var ambiguous = false;
        for (var i = 0; i < list.Count; i++)
        {
            var match = Read(nameOf(list[i]));
            ids[i] = match.ConceptId;
            ambiguous |= match.IsAmbiguous;
        }

        if (!ambiguous)
        {
            return;
        }

        var around = new HashSet<int>(missionConcepts);
        for (var i = 0; i < list.Count; i++)
        {
            if (Read(nameOf(list[i])) is { Found: true, IsAmbiguous: false } other && !IsLiteral(other.ConceptId))
            {
                around.Add(other.ConceptId);
            }
        }

        int[] context = [.. around];
        for (var i = 0; i < list.Count; i++)
        {
            var name = nameOf(list[i]);
            if (Read(name) is { IsAmbiguous: true } match)
            {
                var decided = catalog.Decide(match, context);
                Interpreted(name, decided);
                ids[i] = decided.ConceptId;
            }
        }
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

        if (recordLabels)
        {
            Interpreted(name, SkillMatch.None);
        }

        var key = SkillKeys.NormaliseKey(name);
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
        if (recordLabels || match.How != SkillReading.Label)
        {
            // Bounded by the request: one entry per distinct name and reading.
            interpretations.TryAdd((name.Trim(), match.ConceptId, match.How), 0);
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

    /// <summary>
    /// Every distinct (name, concept, how) reading kept, sorted by name, concept key and how, the first
    /// <see cref="MaxReportedInterpretations"/>: the same whatever the order the candidates were read in.
    /// </summary>
    public IReadOnlyList<(string Name, int ConceptId, SkillReading How)> Interpretations() =>
        [.. interpretations.Keys
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ThenBy(i => i.Concept < 0 || IsLiteral(i.Concept) ? "" : catalog.ConceptKey(i.Concept), StringComparer.Ordinal)
            .ThenBy(i => i.How)
            .Take(MaxReportedInterpretations)];
}
