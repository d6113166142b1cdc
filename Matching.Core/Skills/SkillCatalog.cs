using System.Collections.ObjectModel;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using static Matching.Core.Skills.SkillKeys;

namespace Matching.Core.Skills;

/// <summary>
/// The skills catalog: ESCO skills and O*NET technologies with every name they go by, and the
/// neighbours that earn partial credit for each. Loaded once, immutable, safe to share between threads.
/// Concept ids are indexes valid for one catalog <see cref="Version"/>; <see cref="ConceptKey"/> is the stable id.
/// </summary>
public sealed class SkillCatalog
{
    readonly CatalogConcepts concepts;
    readonly Dictionary<string, NameEntry>.AlternateLookup<ReadOnlySpan<char>> lookup;
    readonly ReadOnlyCollection<SkillNeighbour>[] neighbours;
    readonly Ambiguity[] ambiguities;
    readonly FuzzyIndex fuzzy;
    readonly Lazy<SuggestionIndex> suggestions;
    readonly Lazy<PhraseIndex> phrases;

    SkillCatalog(CatalogDocument document)
    {
        if (document.Format != CatalogDocument.CurrentFormat)
        {
            throw new InvalidDataException($"Skills catalog format {document.Format} is not the supported format {CatalogDocument.CurrentFormat}; rebuild it with build-catalog.");
        }

        concepts = document.Concepts;
        Version = document.Summary.Version;
        var names = NameLookup.Build(document);
        lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        neighbours = NeighbourGraph.Build(document);
        fuzzy = new FuzzyIndex(names);
        ambiguities = [.. document.Ambiguities.Select(a => new Ambiguity(a.Senses, new HashSet<int>[a.Senses.Length]))];
        for (var a = 0; a < ambiguities.Length; a++)
        {
            for (var s = 0; s < ambiguities[a].Senses.Length; s++)
            {
                ambiguities[a].Cues[s] = Cues(ambiguities[a].Senses[s], document.Ambiguities[a].Cues[s]);
            }
        }

        suggestions = new Lazy<SuggestionIndex>(() => new SuggestionIndex(document));
        phrases = new Lazy<PhraseIndex>(() => new PhraseIndex(document, names, GenericWords()));
        Occupations = document.Occupations.AsReadOnly();
    }

    /// <summary>The catalog's sources and a hash of its content, such as "esco-1.1.1+onet-29.2+3f9a0c1d2e4b".</summary>
    public string Version { get; }

    public int ConceptCount => concepts.Keys.Length;

    /// <summary>ESCO occupations with their skills and crosswalked technologies, for generating realistic data.</summary>
    public IReadOnlyList<CatalogOccupation> Occupations { get; }

    public static SkillCatalog Load(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return new SkillCatalog(JsonSerializer.Deserialize(gzip, CatalogJson.Default.CatalogDocument)
            ?? throw new InvalidDataException($"{path} holds no skills catalog."));
    }

    public string Label(int conceptId) => concepts.Labels[conceptId];

    public SkillKind Kind(int conceptId) => concepts.Kinds[conceptId];

    /// <summary>The stable id: an ESCO UUID, "isced-f:CODE" for ESCO's ISCED-F groups, "onet:KEY" for an O*NET product, "onet-commodity:CODE" for its category, "vocab:KEY" for a curated concept.</summary>
    public string ConceptKey(int conceptId) => concepts.Keys[conceptId];

    /// <summary>How many ESCO and O*NET occupations list the concept: how common it is.</summary>
    public int OccupationLinks(int conceptId) => concepts.OccupationLinks[conceptId];

    /// <summary>True when <see cref="Read"/> finds a concept for the name, in any way; ambiguous names give their most common sense.</summary>
    public bool TryResolve(ReadOnlySpan<char> name, out int conceptId)
    {
        conceptId = Read(name).ConceptId;
        return conceptId >= 0;
    }

    /// <summary>
    /// Reads a skill name without allocating: its exact key, the singular of its last word, the name without a
    /// trailing version number, then one edit away from a single known name. An ambiguous name gives its most
    /// common sense; <see cref="Decide"/> weighs the others against the skills around it.
    /// </summary>
    [SkipLocalsInit] // The key buffer is written before it is read; zeroing it cost more than the lookup.
    public SkillMatch Read(ReadOnlySpan<char> name)
    {
        Span<char> key = stackalloc char[MaxKeyLength];
        if (!TryNormaliseKey(name, key, out var length) || length == 0)
        {
            return SkillMatch.None;
        }

        var exact = Exact(key[..length]);
        if (exact.Found)
        {
            return exact;
        }

        if (VersionBase(name) is > 0 and var baseLength && TryNormaliseKey(name[..baseLength], key, out var baseKey) && baseKey > 0)
        {
            var unversioned = Exact(key[..baseKey]);
            if (unversioned.Found)
            {
                return unversioned.IsAmbiguous ? unversioned : unversioned with { How = SkillReading.Variant };
            }

            // A typo and a version: "Kubernets 1.28". Exact may have made the key singular in place: normalise again.
            // The whole key is not searched as well: edits never touch digits, so it could only find the same names.
            TryNormaliseKey(name[..baseLength], key, out baseKey);
            return fuzzy.Find(key[..baseKey]) is var typo and >= 0 ? new SkillMatch(typo, SkillReading.Fuzzy) : SkillMatch.None;
        }

        // Exact may have made the key singular in place ("alergies" → "alergy"): normalise it again first.
        TryNormaliseKey(name, key, out length);
        return fuzzy.Find(key[..length]) is var id and >= 0 ? new SkillMatch(id, SkillReading.Fuzzy) : SkillMatch.None;
    }

    /// <summary>The key as written, else the singular of its last word (the key is changed in place).</summary>
    SkillMatch Exact(Span<char> key)
    {
        if (lookup.TryGetValue(key, out var entry))
        {
            return Entry(entry);
        }

        var singular = Singularise(key);
        return singular != key.Length && lookup.TryGetValue(key[..singular], out entry)
            ? Entry(entry) is { IsAmbiguous: false } found ? found with { How = SkillReading.Variant } : Entry(entry)
            : SkillMatch.None;
    }

    internal SkillMatch Entry(NameEntry entry) => entry.How == SkillReading.Ambiguous
        ? new SkillMatch(ambiguities[entry.Id].Senses[0], SkillReading.Ambiguous, entry.Id)
        : new SkillMatch(entry.Id, entry.How);

    /// <summary>
    /// The length of a name without its trailing version ("HTML5", "Python 3.11", "C# 12", "Angular v17"), or -1
    /// when it has none. A version stuck to the name needs three characters before it, so "S3" and "EC2" stay whole.
    /// </summary>
    internal static int VersionBase(ReadOnlySpan<char> name)
    {
        name = name.TrimEnd();
        var start = name.Length;
        while (start > 0 && (char.IsAsciiDigit(name[start - 1]) || name[start - 1] == '.'))
        {
            start--;
        }

        while (start < name.Length && name[start] == '.')
        {
            start++;
        }

        if (start == name.Length || start == 0)
        {
            return -1;
        }

        var end = start;
        if (name[end - 1] is 'v' or 'V' && end >= 2 && name[end - 2] is ' ' or '-')
        {
            end--;
        }

        var separated = name[end - 1] is ' ' or '-' or '_';
        var stem = name[..end].TrimEnd(" -_");
        if (stem.IsEmpty || !(char.IsLetter(stem[^1]) || stem[^1] is '#' or '+' or ')'))
        {
            return -1;
        }

        return separated || stem.Length >= 3 ? stem.Length : -1;
    }

    /// <summary>The senses of an ambiguous name, most common first.</summary>
    public IReadOnlyList<int> Senses(int ambiguity) => ambiguities[ambiguity].Senses;

    /// <summary>
    /// Decides an ambiguous name's sense from the concepts around it (the other skills of its list and the
    /// mission's): the sense that more of them point to (as its cue, itself, or its direct parent, child or
    /// implication) wins, read as <see cref="SkillReading.Context"/>. With no such sense, or a tie, the name stays
    /// <see cref="SkillReading.Ambiguous"/> with its most common sense. Other matches are returned as they are.
    /// </summary>
    public SkillMatch Decide(SkillMatch match, ReadOnlySpan<int> context)
    {
        if (!match.IsAmbiguous)
        {
            return match;
        }

        var ambiguity = ambiguities[match.Ambiguity];
        int best = -1, bestScore = 0;
        var tie = false;
        for (var s = 0; s < ambiguity.Senses.Length; s++)
        {
            var score = 0;
            foreach (var concept in context)
            {
                if (ambiguity.Cues[s].Contains(concept))
                {
                    score++;
                }
            }

            if (score > bestScore)
            {
                (best, bestScore, tie) = (s, score, false);
            }
            else if (score == bestScore && score > 0)
            {
                tie = true;
            }
        }

        return best < 0 || tie
            ? match with { ConceptId = ambiguity.Senses[0], How = SkillReading.Ambiguous }
            : match with { ConceptId = ambiguity.Senses[best], How = SkillReading.Context };
    }

    /// <summary>What points to one sense: its cue names, the sense itself, and its direct parents, children and implications.</summary>
    HashSet<int> Cues(int sense, string[] names)
    {
        var cues = new HashSet<int> { sense };
        foreach (var name in names)
        {
            if (Read(name) is { Found: true, IsAmbiguous: false, How: not SkillReading.Fuzzy } match)
            {
                cues.Add(match.ConceptId);
            }
        }

        foreach (var neighbour in neighbours[sense])
        {
            if (neighbour.Relation is SkillRelation.Narrower or SkillRelation.Broader or SkillRelation.Implies)
            {
                cues.Add(neighbour.ConceptId);
            }
        }

        return cues;
    }

    sealed record Ambiguity(int[] Senses, HashSet<int>[] Cues);

    /// <summary>Words that name a concept but, alone in a text, are too generic to be one ("design", "management").</summary>
    static HashSet<string> GenericWords()
    {
        using var stream = typeof(SkillCatalog).Assembly.GetManifestResourceStream("Matching.Core.Skills.extraction-generic-words.txt")
            ?? throw new InvalidOperationException("The generic words resource is missing from Matching.Core.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } word && !word.StartsWith('#'))
            {
                words.Add(NormaliseKey(word));
            }
        }

        return words;
    }

    /// <summary>
    /// The concepts that earn partial credit when a mission requires <paramref name="conceptId"/> and a
    /// candidate holds them: one entry per concept through its best relation, best credit first,
    /// at most <see cref="AdjacencyWeights.MaxNeighbours"/>, never the concept itself.
    /// </summary>
    public IReadOnlyList<SkillNeighbour> Neighbours(int conceptId) => neighbours[conceptId];

    /// <summary>
    /// Up to <paramref name="max"/> concepts for a prefix, as someone types: a name equal to it first, then names
    /// starting with it, then names with a word starting with it ("boot" finds "Spring Boot"; inside a name the
    /// prefix stays within one word); the preferred label before other names, then the concepts more occupations
    /// list, then shorter names. One entry per concept.
    /// </summary>
    public IReadOnlyList<SkillSuggestion> Suggest(ReadOnlySpan<char> prefix, int max = 10) => suggestions.Value.Find(this, prefix, max);

    /// <summary>Builds the suggestion index now rather than on the first call.</summary>
    public void PrepareSuggestions() => _ = suggestions.Value;
    /// <summary>
    /// The skills a text names: the longest known name at each word wins; names in a negated phrase ("no
    /// Java", "sans SAP", "Java not required") do not count; short names and acronyms ("R", "Go", "ML") count
    /// only when written as names (capitals or symbols) beside another skill; ambiguous names are decided by
    /// the other skills of the text and dropped when they cannot be; generic words alone ("design",
    /// "management") never count. <paramref name="language"/> is "en" or "fr" and selects the negations;
    /// null heeds both.
    /// </summary>
    public IReadOnlyList<ExtractedSkill> Extract(string text, string? language) => phrases.Value.Extract(this, text, language);

    /// <summary>The concepts <see cref="Extract"/> finds, without spans or confidence (for experience descriptions).</summary>
    public void ExtractConcepts(string text, string? language, List<int> concepts) => phrases.Value.ExtractConcepts(this, text, language, concepts);

    /// <summary>Builds the phrase index now rather than on the first extraction.</summary>
    public void PrepareExtraction() => _ = phrases.Value;
}
