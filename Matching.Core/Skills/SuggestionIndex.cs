using static Matching.Core.Skills.SkillKeys;

namespace Matching.Core.Skills;

/// <summary>A concept offered for what someone is typing, with the name that matched it.</summary>
public readonly record struct SkillSuggestion(int ConceptId, string MatchedName);

/// <summary>Every name and every word start within it, sorted by key, built on first use.</summary>
internal sealed class SuggestionIndex
{
    readonly string[] names;
    readonly string[] keys;
    readonly int[] concepts;
    readonly byte[] kinds;
    readonly (int Name, int Offset, int WordLength)[] entries;

    // One- and two-character prefixes span thousands of names: their answers are computed once. Keys are
    // catalog text only (a prefix of a catalog name, or nothing is stored), and few.
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Prefix, int Max), SkillSuggestion[]> shortPrefixes = new();
    const int ShortPrefix = 2;

    public SuggestionIndex(CatalogDocument document)
    {
        var all = new List<(string Name, int Concept, byte Kind)>();
        for (var id = 0; id < document.Concepts.Labels.Length; id++)
        {
            all.Add((document.Concepts.Labels[id], id, 0));
        }

        void Add(ConceptNames list, byte kind)
        {
            for (var i = 0; i < list.Names.Length; i++)
            {
                all.Add((list.Names[i], list.Concepts[i], kind));
            }
        }

        Add(document.CuratedAliases, 1);
        Add(document.CuratedAcronyms, 1);
        Add(document.CuratedTranslations, 1);
        Add(document.AltLabels, 2);
        Add(document.FrenchLabels, 2);

        names = [.. all.Select(a => a.Name)];
        keys = [.. all.Select(a => NormaliseKey(a.Name))];
        concepts = [.. all.Select(a => a.Concept)];
        kinds = [.. all.Select(a => a.Kind)];
        var found = new List<(int, int, int)>(all.Count * 3);
        for (var n = 0; n < names.Length; n++)
        {
            if (keys[n].Length == 0)
            {
                continue;
            }

            found.Add((n, 0, keys[n].Length));
            var name = names[n];
            for (var i = 1; i < name.Length; i++)
            {
                if (char.IsLetterOrDigit(name[i]) && !char.IsLetterOrDigit(name[i - 1]) && name[i - 1] is ' ' or '-' or '/' or '(')
                {
                    var offset = keys[n].Length - NormaliseKey(name.AsSpan(i)).Length;
                    var end = i;
                    while (end < name.Length && (char.IsLetterOrDigit(name[end]) || name[end] is '#' or '+' or '.'))
                    {
                        end++;
                    }

                    if (offset > 0 && offset < keys[n].Length)
                    {
                        found.Add((n, offset, NormaliseKey(name.AsSpan(i, end - i)).Length));
                    }
                }
            }
        }

        entries = [.. found];
        Array.Sort(entries, (a, b) => string.CompareOrdinal(keys[a.Name], a.Offset, keys[b.Name], b.Offset, int.MaxValue));
    }

    [System.Runtime.CompilerServices.SkipLocalsInit]
    public SkillSuggestion[] Find(SkillCatalog catalog, ReadOnlySpan<char> text, int max)
    {
        Span<char> buffer = stackalloc char[MaxKeyLength];
        if (max <= 0 || !TryNormaliseKey(text, buffer, out var length) || length == 0)
        {
            return [];
        }


        var prefix = buffer[..length];
        if (length <= ShortPrefix && shortPrefixes.TryGetValue((new string(prefix), max), out var known))
        {
            return known;
        }

        var found = Search(catalog, prefix, max);
        if (length <= ShortPrefix && found.Length > 0)
        {
            shortPrefixes.TryAdd((new string(prefix), max), found);
        }

        return found;
    }

    SkillSuggestion[] Search(SkillCatalog catalog, ReadOnlySpan<char> prefix, int max)
    {
        var length = prefix.Length;
        int low = 0, high = entries.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (Suffix(entries[middle]).SequenceCompareTo(prefix) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var best = new Dictionary<int, (long Score, int Name)>();
        for (var at = low; at < entries.Length && Suffix(entries[at]).StartsWith(prefix); at++)
        {
            var (name, offset, wordLength) = entries[at];
            // Inside a name, the prefix must stay within one word: "orac" is not "or ac(ademic)".
            if (offset > 0 && length > wordLength)
            {
                continue;
            }

            var place = offset > 0 ? 2 : keys[name].Length == length ? 0 : 1;
            var score = ((long)place << 40) | ((long)kinds[name] << 36) | ((long)(0xFFFF - Math.Min(0xFFFF, catalog.OccupationLinks(concepts[name]))) << 16) | (long)Math.Min(0xFFFF, names[name].Length);
            if (!best.TryGetValue(concepts[name], out var held) || score < held.Score)
            {
                best[concepts[name]] = (score, name);
            }
        }

        return [.. best
            .OrderBy(b => b.Value.Score)
            .ThenBy(b => b.Key)
            .Take(max)
            .Select(b => new SkillSuggestion(b.Key, names[b.Value.Name]))];
    }

    ReadOnlySpan<char> Suffix((int Name, int Offset, int WordLength) entry) => keys[entry.Name].AsSpan(entry.Offset);
}
