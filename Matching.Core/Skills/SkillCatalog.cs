using System.Collections.ObjectModel;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Matching.Core.Skills;

/// <summary>
/// The skills catalog: ESCO skills and O*NET technologies with every name they go by, and the
/// neighbours that earn partial credit for each. Loaded once, immutable, safe to share between threads.
/// Concept ids are indexes valid for one catalog <see cref="Version"/>; <see cref="ConceptKey"/> is the stable id.
/// </summary>
public sealed partial class SkillCatalog
{
    readonly CatalogConcepts concepts;
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    readonly ReadOnlyCollection<SkillNeighbour>[] neighbours;

    // Request readers pool the names they read (PooledStringConverter), so one skill named by thousands of
    // candidates, over many requests, is one string: each thread looks its concept up once, then finds it by reference.
    [ThreadStatic]
    static ResolveMemo? resolveMemo;

    SkillCatalog(CatalogDocument document)
    {
        if (document.Format != CatalogDocument.CurrentFormat)
        {
            throw new InvalidDataException($"Skills catalog format {document.Format} is not the supported format {CatalogDocument.CurrentFormat}; rebuild it with build-catalog.");
        }

        concepts = document.Concepts;
        Version = document.Summary.Version;
        lookup = BuildLookup(document).GetAlternateLookup<ReadOnlySpan<char>>();
        neighbours = BuildNeighbours(document);
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

    /// <summary>The stable id: an ESCO UUID, "isced-f:CODE" for ESCO's ISCED-F groups, "onet:KEY" for an O*NET product, "onet-commodity:CODE" for its category.</summary>
    public string ConceptKey(int conceptId) => concepts.Keys[conceptId];

    /// <summary>
    /// <see cref="TryResolve"/> for a name read from a request: the concept id, or -1 when the catalog does
    /// not know the name. Remembered per thread by string instance, which pooled names share.
    /// </summary>
    public int Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        var memo = resolveMemo ??= new ResolveMemo();
        if (memo.Catalog != this)
        {
            memo.Reset(this);
        }

        // Two ways per set: the newest name goes first, the one it displaces second.
        var slots = memo.Slots;
        var set = ResolveMemo.Set(name) * 2;
        if (ReferenceEquals(slots[set].Name, name))
        {
            return slots[set].Id;
        }

        if (ReferenceEquals(slots[set + 1].Name, name))
        {
            return slots[set + 1].Id;
        }

        var id = TryResolve(name, out var found) ? found : -1;
        slots[set + 1] = slots[set];
        slots[set] = (name, id);
        return id;
    }

    /// <summary>Set-associative, two ways: a third name hashed to a set replaces the older of the two there.</summary>
    sealed class ResolveMemo
    {
        const int Sets = 4096;

        public SkillCatalog? Catalog { get; private set; }

        /// <summary>A set's two ways side by side, in one cache line.</summary>
        public (string? Name, int Id)[] Slots { get; } = new (string?, int)[Sets * 2];

        public void Reset(SkillCatalog catalog)
        {
            Array.Clear(Slots);
            Catalog = catalog;
        }

        /// <summary>
        /// From the string's address, so the string itself is not read (it is often out of cache by now). A
        /// string the garbage collector moves is looked up again at its new address; the reference check
        /// keeps the answer right either way.
        /// </summary>
        public static int Set(string name)
        {
            var address = (ulong)Unsafe.As<string, nint>(ref name);
            return (int)((address * 0x9E3779B97F4A7C15UL) >> 52) & (Sets - 1);
        }
    }

    /// <summary>
    /// Finds the concept a skill name denotes, without allocating. Tries the normalised name, then the
    /// singular of its last word. Names the catalog does not know return false.
    /// </summary>
    [SkipLocalsInit] // The key buffer is written before it is read; zeroing it cost more than the lookup.
    public bool TryResolve(ReadOnlySpan<char> name, out int conceptId)
    {
        Span<char> key = stackalloc char[MaxKeyLength];
        if (!TryNormaliseKey(name, key, out var length) || length == 0)
        {
            conceptId = -1;
            return false;
        }

        if (lookup.TryGetValue(key[..length], out conceptId))
        {
            return true;
        }

        var singular = Singularise(key[..length]);
        if (singular != length && lookup.TryGetValue(key[..singular], out conceptId))
        {
            return true;
        }

        conceptId = -1;
        return false;
    }

    /// <summary>
    /// The concepts that earn partial credit when a mission requires <paramref name="conceptId"/> and a
    /// candidate holds them: one entry per concept through its best relation, best credit first,
    /// at most <see cref="AdjacencyWeights.MaxNeighbours"/>, never the concept itself.
    /// </summary>
    public IReadOnlyList<SkillNeighbour> Neighbours(int conceptId) => neighbours[conceptId];
}
