using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Matching.Core.Skills.SkillKeys;

namespace Matching.Core.Skills;

/// <summary>A word of a text: where it is, where its key sits in the key buffer, and how it was written.</summary>
internal readonly record struct Word(int Start, int End, int KeyStart, int KeyLength, bool Upper, bool Capital, bool Symbol, bool BreakBefore, bool StopBefore, bool ClauseBefore, bool Hyphenated)
{
    public int KeyEnd => KeyStart + KeyLength;
}

/// <summary>A found name: its concept as read, and the words it spans.</summary>
internal readonly record struct Found(SkillMatch Match, int First, int Count);

/// <summary>What a run of words is in the phrase index: a whole name (its entry), and whether some longer name goes on from it.</summary>
/// <summary><see cref="Words"/>: bit k set when some name with this key has k + 1 words ("InDesign" has one, so "in design" is not it).</summary>
internal readonly record struct Phrase(NameEntry Entry, bool IsName, bool Continues, bool Generic, byte Words = 0xFF);

/// <summary>Text split into words the way names are split, each word keyed as names are.</summary>
internal static class TextWords
{
    /// <summary>
    /// Splits text into words the way names are split: letters, digits, '#', '+' and '&amp;' make words, as
    /// does a '.' inside or opening one ("Node.js", ".NET"); anything else separates them. Each word's key is
    /// written into <paramref name="keys"/> one after the other, so the key of a run of words is one slice.
    /// A clause mark (. , ; : ! ? parentheses, a line break) before a word is a break: no name spans it; a
    /// full stop, semicolon or line break is also a stop, where a negation ends.
    /// </summary>
    public static int Split(ReadOnlySpan<char> text, Span<Word> words, Span<char> keys)
    {
        var count = 0;
        var written = 0;
        var brk = true;
        var stop = true;
        var clause = true;
        var i = 0;
        while (i < text.Length && count < words.Length)
        {
            var c = text[i];
            if (!IsWordChar(text, i))
            {
                brk |= c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '[' or ']' or '\n' or '\r' or '•' or '|';
                stop |= c is '.' or ';' or '!' or '?' or '\n' or '\r' or '•';
                clause |= c is '.' or ';' or '!' or '?' or '\n' or '\r' or '•' or ':' or '(' or ')';
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text, i))
            {
                i++;
            }

            var raw = text[start..i].TrimEnd('.');
            var end = start + raw.Length;
            if (TryNormaliseKey(raw, keys[written..], out var length) && length > 0)
            {
                int letters = 0, upper = 0;
                foreach (var ch in raw)
                {
                    letters += char.IsLetter(ch) ? 1 : 0;
                    upper += char.IsUpper(ch) ? 1 : 0;
                }

                words[count++] = new Word(start, end, written, length, letters > 0 && upper == letters, char.IsUpper(raw[0]) || raw[0] == '.',
                    raw.ContainsAny("#+.") || raw.ContainsAnyInRange('0', '9'), brk, stop, clause, end < text.Length && text[end] == '-');
                written += length;
                brk = stop = clause = false;
            }

            if (end < i)
            {
                brk = stop = clause = true;
            }
        }

        return count;
    }

    static bool IsWordChar(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        // Combining marks belong to their letter: decomposed text ("e" + U+0301) reads as composed text does.
        if (char.IsLetterOrDigit(c) || c is '#' or '+' or '♯' or '&' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
        {
            return true;
        }

        // A dot inside a word ("Node.js", "ASP.NET") or opening one (".NET") belongs to it.
        return c == '.' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])
            && (i == 0 || char.IsLetterOrDigit(text[i - 1]) || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '/');
    }
}

/// <summary>
/// Every name's key and the keys of its leading words, in one dictionary, so reading a text costs one
/// look-up per word: is this run of words a name, and does any name go on from it?
/// </summary>
internal sealed class PhraseIndex
{
    const int MaxWords = 8;

    static readonly HashSet<string> EnglishNegations = new(["no", "not", "without", "never", "nor", "non", "none"], StringComparer.Ordinal);
    static readonly HashSet<string> FrenchNegations = new(["pas", "sans", "aucun", "aucune", "ni", "jamais", "non", "nul", "nulle"], StringComparer.Ordinal);
    static readonly HashSet<string> AnyNegations = [.. EnglishNegations, .. FrenchNegations];
    static readonly HashSet<string> Contrasts = new(["but", "however", "yet", "whereas", "mais", "cependant", "toutefois", "tandis"], StringComparer.Ordinal);
    static readonly HashSet<string> NotNegating = new(["only", "just", "seulement", "uniquement", "que"], StringComparer.Ordinal);
    static readonly HashSet<string> Needed = new(["required", "needed", "necessary", "mandatory", "essential", "expected", "requis", "requise", "necessaire", "obligatoire", "indispensable", "exige", "exigee", "demande"], StringComparer.Ordinal);

    // An open-addressing table of 64-bit key hashes, one cache line read per look-up: reading a text costs a
    // look-up per word, and a Dictionary's several reads per look-up were most of it. Keys are not compared:
    // two of the half-million keys sharing a 64-bit hash, or a word hitting one by chance, is about 1e-14 a look-up.
    readonly Slot[] slots;
    readonly int mask;

    /// <summary>A key's hash and its phrase in 16 bytes, so a look-up reads one cache line.</summary>
    readonly record struct Slot(ulong Hash, int Id, SkillReading How, byte Flags, byte Words)
    {
        public const byte IsName = 1, Continues = 2, Generic = 4;

        public Phrase Phrase => new(new NameEntry(Id, How), (Flags & IsName) != 0, (Flags & Continues) != 0, (Flags & Generic) != 0, Words);
    }

    public PhraseIndex(CatalogDocument document, Dictionary<string, NameEntry> names, HashSet<string> generic)
    {
        var all = new Dictionary<string, Phrase>(names.Count * 2, StringComparer.Ordinal);
        foreach (var (key, entry) in names)
        {
            all[key] = new Phrase(entry, true, false, generic.Contains(key));
        }

        var words = new Word[MaxKeyLength];
        var keys = new char[MaxKeyLength * 6];
        var wordCounts = new Dictionary<string, byte>(StringComparer.Ordinal);
        void Count(ReadOnlySpan<char> key, int count)
        {
            if (count is > 0 and <= MaxWords)
            {
                var text = new string(key);
                wordCounts[text] = (byte)(wordCounts.GetValueOrDefault(text) | (1 << (count - 1)));
            }
        }

        void AddWords(string name)
        {
            var count = TextWords.Split(name.AsSpan(0, Math.Min(name.Length, MaxKeyLength)), words, keys);
            for (var w = 0; w + 1 < count && w < MaxWords; w++)
            {
                var prefix = new string(keys, 0, words[w].KeyEnd);
                all[prefix] = all.TryGetValue(prefix, out var held) ? held with { Continues = true } : new Phrase(default, false, true, false, 0);
            }

            if (count > 0)
            {
                var key = keys.AsSpan(0, words[count - 1].KeyEnd);
                Count(key, count);
                var singular = key.ToArray().AsSpan();
                Count(singular[..Singularise(singular)], count);
            }
        }

        void Add(string name)
        {
            AddWords(name);
            if (Unqualified(name) is { } unqualified)
            {
                AddWords(unqualified);
            }
        }

        foreach (var label in document.Concepts.Labels)
        {
            Add(label);
        }

        foreach (var list in new[] { document.AltLabels, document.HiddenLabels, document.CuratedAliases, document.CuratedAcronyms, document.CuratedTranslations, document.FrenchLabels })
        {
            foreach (var name in list.Names)
            {
                Add(name);
            }
        }

        foreach (var ambiguity in document.Ambiguities)
        {
            Add(ambiguity.Name);
        }

        foreach (var (key, counts) in wordCounts)
        {
            if (all.TryGetValue(key, out var phrase) && phrase.IsName)
            {
                all[key] = phrase with { Words = counts };
            }
        }

        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)all.Count * 2);
        mask = size - 1;
        slots = new Slot[size];
        foreach (var (key, phrase) in all)
        {
            var hash = Hash(Offset, key);
            var slot = (int)hash & mask;
            while (slots[slot].Hash != 0)
            {
                slot = (slot + 1) & mask;
            }

            var flags = (byte)((phrase.IsName ? Slot.IsName : 0) | (phrase.Continues ? Slot.Continues : 0) | (phrase.Generic ? Slot.Generic : 0));
            slots[slot] = new Slot(hash, phrase.Entry.Id, phrase.Entry.How, flags, phrase.Words);
        }
    }

    const ulong Offset = 14695981039346656037UL;

    /// <summary>FNV-1a, 64 bits, extended word by word (never 0, which marks an empty slot).</summary>
    static ulong Hash(ulong hash, ReadOnlySpan<char> key)
    {
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }

    bool TryGet(ulong hash, out Phrase phrase)
    {
        for (var slot = (int)hash & mask; slots[slot].Hash != 0; slot = (slot + 1) & mask)
        {
            if (slots[slot].Hash == hash)
            {
                phrase = slots[slot].Phrase;
                return true;
            }
        }

        phrase = default;
        return false;
    }

    public IReadOnlyList<ExtractedSkill> Extract(SkillCatalog catalog, string text, string? language)
    {
        var skills = new Dictionary<int, (List<TextSpan> Spans, SkillReading How, double Confidence)>();
        Read(catalog, text, language, (reading, words, first, length, shortName) =>
        {
            var start = words[first].Start;
            var end = words[first + length - 1].End;
            var span = new TextSpan(start, end - start, text[start..end]);
            var confidence = Confidence(reading, length, shortName);
            // Added in place: a text may name one skill tens of thousands of times ("C# C# C# ...").
            ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(skills, reading.ConceptId, out var seen);
            held = seen ? held with { Confidence = Math.Max(held.Confidence, confidence) } : ([], reading.How, confidence);
            held.Spans.Add(span);
        });

        return [.. skills
            .OrderBy(s => s.Value.Spans[0].Start)
            .Select(s => new ExtractedSkill(s.Key, s.Value.Spans, s.Value.How, s.Value.Confidence))];
    }

    public void ExtractConcepts(SkillCatalog catalog, string text, string? language, List<int> concepts)
    {
        var seen = new HashSet<int>();
        Read(catalog, text, language, (reading, _, _, _, _) =>
        {
            if (seen.Add(reading.ConceptId))
            {
                concepts.Add(reading.ConceptId);
            }
        });
    }

    delegate void Visit(SkillMatch reading, Word[] words, int first, int length, bool shortName);

    /// <summary>Every name the text holds that counts, in order, as read (ambiguous ones decided once per text).</summary>
    void Read(SkillCatalog catalog, string text, string? language, Visit visit)
    {
        var found = new List<Found>();
        var (words, keys) = Rent(text);
        try
        {
            var count = TextWords.Split(text, words, keys);
            Find(catalog, words.AsSpan(0, count), keys, language, found);
            var context = Context(found);
            var decided = new Dictionary<int, SkillMatch>();
            foreach (var f in found)
            {
                if (Decide(catalog, words, f, context, decided) is { } reading)
                {
                    visit(reading, words, f.First, f.Count, f.Count == 1 && NeedsContext(words[f.First], f.Match));
                }
            }
        }
        finally
        {
            Return(words, keys);
        }
    }

    static (Word[] Words, char[] Keys) Rent(string text) =>
        (System.Buffers.ArrayPool<Word>.Shared.Rent(text.Length / 2 + 1), System.Buffers.ArrayPool<char>.Shared.Rent(text.Length * 5 + 1));

    static void Return(Word[] words, char[] keys)
    {
        System.Buffers.ArrayPool<Word>.Shared.Return(words);
        // Cleared: the keys are the text's words, and the pool outlives the request.
        System.Buffers.ArrayPool<char>.Shared.Return(keys, clearArray: true);
    }

    /// <summary>The longest name at each word, left to right; names that do not count or stand negated are passed over.</summary>
    [SkipLocalsInit]
    void Find(SkillCatalog catalog, ReadOnlySpan<Word> words, ReadOnlySpan<char> keys, string? language, List<Found> found)
    {
        Span<char> singular = stackalloc char[MaxKeyLength];
        for (var i = 0; i < words.Length;)
        {
            Found best = default;
            var hash = Offset;
            for (var n = 1; i + n <= words.Length && n <= MaxWords; n++)
            {
                var last = words[i + n - 1];
                if (n > 1 && last.BreakBefore)
                {
                    break;
                }

                var key = keys[words[i].KeyStart..last.KeyEnd];
                hash = Hash(hash, keys.Slice(last.KeyStart, last.KeyLength));
                if (!TryGet(hash, out var phrase))
                {
                    // "databases": the name's singular.
                    if (key.Length <= MaxKeyLength && key[^1] == 's')
                    {
                        key.CopyTo(singular);
                        var length = Singularise(singular[..key.Length]);
                        if (length != key.Length && TryGet(Hash(Offset, singular[..length]), out phrase) && phrase.IsName && (phrase.Words & (1 << (n - 1))) != 0)
                        {
                            var match = catalog.Entry(phrase.Entry);
                            match = match.IsAmbiguous ? match : match with { How = SkillReading.Variant };
                            if (Counts(words[i], n, match, phrase.Generic))
                            {
                                best = new Found(match, i, n);
                            }
                        }
                    }

                    break;
                }

                if (phrase.IsName && (phrase.Words & (1 << (n - 1))) != 0 && Counts(words[i], n, catalog.Entry(phrase.Entry), phrase.Generic))
                {
                    best = new Found(catalog.Entry(phrase.Entry), i, n);
                }

                if (!phrase.Continues)
                {
                    break;
                }
            }

            if (best.Count == 0)
            {
                i++;
                continue;
            }

            if (!Negated(words, keys, i, best.Count, language))
            {
                found.Add(best);
            }

            i += best.Count;
        }
    }

    /// <summary>Whether a one-word match may stand: a generic word only as a name, a short name, acronym or ambiguous name only as written names.</summary>
    static bool Counts(Word word, int count, SkillMatch match, bool generic)
    {
        if (count > 1)
        {
            return true;
        }

        // Capitals at the start of a sentence say nothing; after a comma or colon they do ("Python, Go, Rust").
        var asName = word.Upper || word.Symbol || (word.Capital && !word.StopBefore);
        return (!generic || asName) && (!NeedsContext(word, match) || asName);
    }

    /// <summary>Short names, acronyms and ambiguous names ("R", "Go", "ML", "QA", "Spring") count only beside another skill.</summary>
    static bool NeedsContext(Word word, SkillMatch match) =>
        word.KeyLength <= 2 || match.How == SkillReading.Acronym || match.IsAmbiguous;

    /// <summary>The concepts found for sure (not ambiguous), that decide the others.</summary>
    static int[] Context(List<Found> found)
    {
        var context = new HashSet<int>();
        foreach (var f in found)
        {
            if (!f.Match.IsAmbiguous)
            {
                context.Add(f.Match.ConceptId);
            }
        }

        return [.. context];
    }

    /// <summary>An ambiguous name decided by the text's other skills (or dropped); a short name kept only beside another skill.</summary>
    static SkillMatch? Decide(SkillCatalog catalog, Word[] words, Found found, int[] context, Dictionary<int, SkillMatch> decided)
    {
        var (match, first, count) = found;
        var reading = match;
        if (match.IsAmbiguous)
        {
            // Once per ambiguous name and text: every occurrence has the same context.
            if (!decided.TryGetValue(match.Ambiguity, out reading))
            {
                decided[match.Ambiguity] = reading = catalog.Decide(match, context);
            }

            if (reading.How != SkillReading.Context)
            {
                return null;
            }
        }

        if (count == 1 && NeedsContext(words[first], match) && Array.TrueForAll(context, c => c == reading.ConceptId))
        {
            return null;
        }

        return reading;
    }

    /// <summary>
    /// A negation earlier in the clause ("no Java", "sans SAP"), up to ten words back, through list commas but
    /// not past a full stop, semicolon, colon or parenthesis, nor past "but"/"mais"; or "not required"
    /// ("pas requis"...) within the next six words of the sentence. A negation word joined by a hyphen
    /// ("non-profit"), followed by "only" ("not only"), or that is itself followed by "required" (it belongs
    /// to an earlier name: "Java is not required, Docker is") negates nothing here.
    /// </summary>
    static bool Negated(ReadOnlySpan<Word> words, ReadOnlySpan<char> keys, int first, int count, string? language)
    {
        var negations = (language switch { "fr" => FrenchNegations, "en" => EnglishNegations, _ => AnyNegations }).GetAlternateLookup<ReadOnlySpan<char>>();
        var needed = Needed.GetAlternateLookup<ReadOnlySpan<char>>();
        var notNegating = NotNegating.GetAlternateLookup<ReadOnlySpan<char>>();
        var contrasts = Contrasts.GetAlternateLookup<ReadOnlySpan<char>>();
        ReadOnlySpan<char> Key(ReadOnlySpan<Word> words, ReadOnlySpan<char> keys, int w) => keys.Slice(words[w].KeyStart, words[w].KeyLength);

        for (var w = first; w >= 0 && w > first - 10; w--)
        {
            if (w < first && negations.Contains(Key(words, keys, w)) && !words[w].Hyphenated
                && !(w + 1 < words.Length && (notNegating.Contains(Key(words, keys, w + 1)) || needed.Contains(Key(words, keys, w + 1)))))
            {
                return true;
            }

            if (w < first && contrasts.Contains(Key(words, keys, w)) || words[w].ClauseBefore)
            {
                break;
            }
        }

        var after = first + count;
        for (var w = after; w + 1 < words.Length && w < after + 6 && !words[w].StopBefore; w++)
        {
            if (Key(words, keys, w) is "not" or "pas" or "non" && needed.Contains(Key(words, keys, w + 1)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Heuristic, documented in docs/skills-catalog.md: longer names and exact labels are surer than short names and aliases.</summary>
    static double Confidence(SkillMatch reading, int words, bool shortName)
    {
        var confidence = reading.How switch
        {
            SkillReading.Label => 0.9,
            SkillReading.Alias or SkillReading.Translation => 0.8,
            SkillReading.Variant => 0.75,
            SkillReading.Acronym => 0.7,
            SkillReading.Context => 0.6,
            _ => 0.5,
        };
        return Math.Round(Math.Min(1, confidence + (words > 1 ? 0.05 : 0) - (shortName ? 0.1 : 0)), 2);
    }
}
