using System.Runtime.CompilerServices;

namespace Matching.Core.Skills;

/// <summary>
/// Finds the single known name one edit away from a key (a letter added, dropped, changed, or two
/// neighbours swapped), among names of six letters or more and at most 24 characters (longer ones are
/// phrases people do not type). Symmetric deletion: every known key is indexed by the hashes of itself
/// with one character deleted, so a look-up reads one small bucket per character of the key, never
/// scans. Edits that touch a digit do not count ("Java 8" is not "Java 9").
/// </summary>
internal sealed class FuzzyIndex
{
    const int MinLetters = 6;
    const int MaxKeyLength = 24;

    readonly string[] keys;
    readonly int[] concepts;
    readonly uint[] hashes;
    readonly int[] owners;

    // Where each run of hashes sharing their top BucketBits bits starts in the sorted array: a probe reads
    // one bucket (about two entries) instead of binary-searching two million.
    const int BucketBits = 20;
    readonly int[] buckets;

    // One bit per hash value (low 24 bits), 2 MB: most probes find their bit clear and read nothing else.
    const uint FilterMask = (1 << 24) - 1;
    readonly ulong[] filter = new ulong[(FilterMask + 1) / 64];

    public FuzzyIndex(Dictionary<string, NameEntry> names)
    {
        var chosen = names
            .Where(n => n.Value.How is not (SkillReading.Ambiguous or SkillReading.Variant) && n.Key.Length <= MaxKeyLength && Letters(n.Key) >= MinLetters)
            .OrderBy(n => n.Key, StringComparer.Ordinal)
            .ToArray();
        keys = [.. chosen.Select(n => n.Key)];
        concepts = [.. chosen.Select(n => n.Value.Id)];
        // Each key whole, and with each of its characters deleted in turn.
        var total = keys.Sum(k => k.Length + 1);
        hashes = new uint[total];
        owners = new int[total];
        var at = 0;
        Span<uint> deleted = stackalloc uint[MaxKeyLength + 1];
        for (var k = 0; k < keys.Length; k++)
        {
            var count = Hashes(keys[k], deleted);
            for (var h = 0; h < count; h++)
            {
                hashes[at] = deleted[h];
                filter[(hashes[at] & FilterMask) >> 6] |= 1UL << (int)(hashes[at] & 63);
                owners[at++] = k;
            }
        }

        Array.Sort(hashes, owners);
        buckets = new int[(1 << BucketBits) + 1];
        var next = 0;
        for (var b = 0; b <= 1 << BucketBits; b++)
        {
            while (next < hashes.Length && hashes[next] >> (32 - BucketBits) < b)
            {
                next++;
            }

            buckets[b] = next;
        }
    }

    /// <summary>The concept of the one known name one edit from <paramref name="key"/>; -1 for none, or for several concepts.</summary>
    [SkipLocalsInit]
    public int Find(ReadOnlySpan<char> key)
    {
        if (key.Length < MinLetters - 1 || key.Length > MaxKeyLength + 1)
        {
            return -1;
        }

        var found = -1;
        var several = false;
        // A known key equal to this one with a character deleted (one missing here), equal to this one with one
        // deleted (one too many here), or equal to it once both lose one (one changed, or two swapped).
        Span<uint> deleted = stackalloc uint[MaxKeyLength + 2];
        Hashes(key, deleted);
        Probe(key, deleted[0], ref found, ref several);
        for (var skip = 0; skip < key.Length; skip++)
        {
            if (!char.IsAsciiDigit(key[skip]))
            {
                Probe(key, deleted[skip + 1], ref found, ref several);
            }
        }

        return several ? -1 : found;
    }

    void Probe(ReadOnlySpan<char> key, uint hash, ref int found, ref bool several)
    {
        if ((filter[(hash & FilterMask) >> 6] & (1UL << (int)(hash & 63))) == 0)
        {
            return;
        }

        var bucket = (int)(hash >> (32 - BucketBits));
        for (var at = buckets[bucket]; at < buckets[bucket + 1]; at++)
        {
            if (hashes[at] != hash)
            {
                continue;
            }

            var owner = owners[at];
            if (OneEditApart(key, keys[owner]))
            {
                several |= found >= 0 && found != concepts[owner];
                found = concepts[owner];
            }
        }
    }

    static int Letters(ReadOnlySpan<char> key)
    {
        var letters = 0;
        foreach (var c in key)
        {
            letters += char.IsLetter(c) ? 1 : 0;
        }

        return letters;
    }

    const uint Base = 0x01000193;

    /// <summary>
    /// The hash of the key whole (first), then with each character deleted in turn, in one pass each way: a
    /// polynomial hash h(s) = Σ s[i]·B^(n−1−i), so the key without character j is prefix(j)·B^(n−1−j) +
    /// suffix(j+1); each is then mixed so its bits spread. Collisions are weeded out by comparing keys.
    /// </summary>
    static int Hashes(ReadOnlySpan<char> key, Span<uint> hashes)
    {
        var n = key.Length;
        Span<uint> suffix = stackalloc uint[n + 1];
        suffix[n] = 0;
        var power = 1U;
        for (var i = n - 1; i >= 0; i--)
        {
            suffix[i] = suffix[i + 1] + key[i] * power;
            power *= Base;
        }

        hashes[0] = Mix(suffix[0]);
        var prefix = 0U;
        var shift = power; // B^n: moves to B^(n-1-j) as j advances
        for (var j = 0; j < n; j++)
        {
            shift *= InverseBase;
            hashes[j + 1] = Mix(prefix * shift + suffix[j + 1]);
            prefix = prefix * Base + key[j];
        }

        return n + 1;
    }

    /// <summary>The multiplicative inverse of <see cref="Base"/> modulo 2^32.</summary>
    static readonly uint InverseBase = Inverse(Base);

    static uint Inverse(uint odd)
    {
        var x = odd;
        for (var i = 0; i < 5; i++)
        {
            x *= 2 - odd * x;
        }

        return x;
    }

    static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x7feb352d;
        h ^= h >> 15;
        h *= 0x846ca68b;
        h ^= h >> 16;
        return h == 0 ? 1 : h;
    }

    /// <summary>One insertion, deletion, substitution or swap of neighbours apart, no digit involved; equal keys are not.</summary>
    internal static bool OneEditApart(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length > b.Length)
        {
            var longer = a;
            a = b;
            b = longer;
        }

        var prefix = a.CommonPrefixLength(b);
        if (b.Length - a.Length > 1 || prefix == b.Length)
        {
            return false;
        }

        if (a.Length < b.Length)
        {
            return !char.IsAsciiDigit(b[prefix]) && a[prefix..].SequenceEqual(b[(prefix + 1)..]);
        }

        if (char.IsAsciiDigit(a[prefix]) || char.IsAsciiDigit(b[prefix]))
        {
            return false;
        }

        if (a[(prefix + 1)..].SequenceEqual(b[(prefix + 1)..]))
        {
            return true;
        }

        return prefix + 1 < a.Length && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix]
            && a[(prefix + 2)..].SequenceEqual(b[(prefix + 2)..]);
    }
}
