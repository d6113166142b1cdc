using System.Collections.Concurrent;
using Matching.Core.Skills;

namespace Matching.Core.Features;

/// <summary>
/// Skill identities for one mission: catalog concepts keep their catalog ids; names the catalog does not
/// know become literal skills (ids from <see cref="SkillCatalog.ConceptCount"/> up) that match by exact
/// normalised name only. Collects unrecognised names to report back. Safe for parallel candidates once
/// the mission's own skills are resolved.
/// </summary>
public sealed class SkillSpace(SkillCatalog catalog)
{
    /// <summary>Reported unrecognised names are capped; the count is not.</summary>
    public const int MaxReportedUnrecognised = 100;

    readonly Dictionary<string, int> missionLiterals = new(StringComparer.Ordinal);
    readonly List<string> literalLabels = [];
    readonly ConcurrentDictionary<string, string> unrecognised = new(StringComparer.Ordinal);

    public SkillCatalog Catalog => catalog;

    /// <summary>Resolves a mission's skill, creating a literal skill when the catalog does not know it.</summary>
    public int ResolveRequired(string name)
    {
        if (catalog.TryResolve(name, out var conceptId))
        {
            return conceptId;
        }

        var key = SkillCatalog.NormaliseKey(name);
        Report(key, name);
        if (!missionLiterals.TryGetValue(key, out var id))
        {
            id = catalog.ConceptCount + literalLabels.Count;
            missionLiterals[key] = id;
            literalLabels.Add(name.Trim());
        }

        return id;
    }

    /// <summary>
    /// Resolves a candidate's skill or aspiration; -1 when it is neither in the catalog nor one of the
    /// mission's literal skills (it cannot matter to this mission then).
    /// </summary>
    public int Resolve(string name)
    {
        var conceptId = catalog.Resolve(name);
        if (conceptId >= 0)
        {
            return conceptId;
        }

        var key = SkillCatalog.NormaliseKey(name);
        Report(key, name);
        return missionLiterals.GetValueOrDefault(key, -1);
    }

    public bool IsLiteral(int id) => id >= catalog.ConceptCount;

    public string Label(int id) => IsLiteral(id) ? literalLabels[id - catalog.ConceptCount] : catalog.Label(id);

    public IReadOnlyList<SkillNeighbour> Neighbours(int id) => IsLiteral(id) ? [] : catalog.Neighbours(id);

    /// <summary>Distinct unrecognised names, sorted, at most <see cref="MaxReportedUnrecognised"/>.</summary>
    public IReadOnlyList<string> Unrecognised() =>
        [.. unrecognised.Values.Order(StringComparer.Ordinal).Take(MaxReportedUnrecognised)];

    void Report(string key, string name)
    {
        if (key.Length == 0)
        {
            return;
        }

        var spelling = name.Trim();
        // Keep one spelling per key, the same whichever thread saw it first, so responses are deterministic.
        unrecognised.AddOrUpdate(key, spelling, (_, seen) => string.CompareOrdinal(spelling, seen) < 0 ? spelling : seen);
    }
}
