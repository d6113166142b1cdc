using System.Runtime.CompilerServices;

namespace Matching.Core.Skills;

/// <summary>Where a skill was named in a text: the UTF-16 offset and length, and the words as written.</summary>
public readonly record struct TextSpan(int Start, int Length, string Text);

/// <summary>A concept named in a text, with every place it was named, how it was read and a confidence in [0, 1].</summary>
public sealed record ExtractedSkill(int ConceptId, IReadOnlyList<TextSpan> Spans, SkillReading How, double Confidence);

public sealed partial class SkillCatalog
{
    /// <summary>
    /// The skills a text names: the longest known name at each word wins; names in a negated phrase ("no
    /// Java", "sans SAP", "Java not required") do not count; short names and acronyms ("R", "Go", "ML") count
    /// only when written as names (capitals or symbols) beside another skill; ambiguous names are decided by
    /// the other skills of the text and dropped when they cannot be; generic words alone ("design",
    /// "management") never count. <paramref name="language"/> is "en" or "fr" and selects the negations;
    /// null heeds both.
    /// </summary>
    public IReadOnlyList<ExtractedSkill> Extract(string text, string? language) => phrases.Value.Extract(this, text, language);

    /// <summary>Builds the phrase index now rather than on the first extraction.</summary>
    public void PrepareExtraction() => _ = phrases.Value;

    /// <summary>A word of a text or of a name: where it is, its key, and how it was written.</summary>
    readonly record struct Word(int Start, int End, string Key, bool Upper, bool Capital, bool Symbol, bool BreakBefore, bool StopBefore);

    /// <summary>
    /// Splits text into words the way names are split: letters, digits, '#' and '+' make words, as does a '.'
    /// inside or opening one ("Node.js", ".NET"); anything else separates them. A sentence or clause mark
    /// (. , ; : ! ? parentheses, a line break) between two words is a break: no name spans it.
    /// </summary>
    static List<Word> Words(string text)
    {
        var words = new List<Word>();
        var brk = true;
        var stop = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!IsWordChar(text, i))
            {
                brk |= c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '[' or ']' or '\n' or '\r' or '•' or '|';
                stop |= c is '.' or ';' or '!' or '?' or '\n' or '\r' or '•';
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text, i))
            {
                i++;
            }

            var raw = text.AsSpan(start, i - start).TrimEnd('.');
            var end = start + raw.Length;
            var key = NormaliseKey(raw);
            if (key.Length > 0)
            {
                var letters = 0;
                var upper = 0;
                foreach (var ch in raw)
                {
                    letters += char.IsLetter(ch) ? 1 : 0;
                    upper += char.IsUpper(ch) ? 1 : 0;
                }

                words.Add(new Word(start, end, key, letters > 0 && upper == letters, char.IsUpper(raw[0]) || raw[0] == '.', raw.ContainsAny("#+.") || raw.ContainsAnyInRange('0', '9'), brk, stop));
                brk = false;
                stop = false;
            }

            if (end < i)
            {
                brk = stop = true;
            }
        }

        return words;
    }

    static bool IsWordChar(string text, int i)
    {
        var c = text[i];
        if (char.IsLetterOrDigit(c) || c is '#' or '+' or '♯')
        {
            return true;
        }

        // A dot inside a word ("Node.js", "ASP.NET") or opening one (".NET") belongs to it.
        return c == '.' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])
            && (i == 0 || char.IsLetterOrDigit(text[i - 1]) || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '/');
    }

    /// <summary>The hashes of every name's leading words, so a text is only read further where some name goes on.</summary>
    sealed class PhraseIndex
    {
        const int MaxWords = 8;

        static readonly HashSet<string> EnglishNegations = new(["no", "not", "without", "never", "nor", "non", "none"], StringComparer.Ordinal);
        static readonly HashSet<string> FrenchNegations = new(["pas", "sans", "aucun", "aucune", "ni", "jamais", "non", "nul", "nulle"], StringComparer.Ordinal);
        static readonly HashSet<string> AnyNegations = [.. EnglishNegations, .. FrenchNegations];
        static readonly HashSet<string> Contrasts = new(["but", "however", "yet", "whereas", "mais", "cependant", "toutefois", "tandis"], StringComparer.Ordinal);
        static readonly HashSet<string> Needed = new(["required", "needed", "necessary", "mandatory", "essential", "expected", "requis", "requise", "necessaire", "obligatoire", "indispensable", "exige", "exigee", "demande"], StringComparer.Ordinal);

        readonly HashSet<uint> prefixes = [];
        readonly HashSet<string> generic;

        public PhraseIndex(CatalogDocument document, HashSet<string> generic)
        {
            this.generic = generic;
            void Add(string name)
            {
                var words = Words(name);
                var hash = 2166136261U;
                for (var w = 0; w + 1 < words.Count && w < MaxWords; w++)
                {
                    hash = Extend(hash, words[w].Key);
                    prefixes.Add(hash);
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
        }

        static uint Extend(uint hash, string key)
        {
            foreach (var c in key)
            {
                hash = (hash ^ c) * 16777619U;
            }

            return hash;
        }

        [SkipLocalsInit]
        public IReadOnlyList<ExtractedSkill> Extract(SkillCatalog catalog, string text, string? language)
        {
            var negations = language switch { "fr" => FrenchNegations, "en" => EnglishNegations, _ => AnyNegations };
            var words = Words(text);
            var found = new List<(int Concept, int First, int Count, SkillMatch Match)>();
            Span<char> key = stackalloc char[MaxKeyLength];
            for (var i = 0; i < words.Count;)
            {
                var length = 0;
                var hash = 2166136261U;
                (int Count, SkillMatch Match) best = (0, SkillMatch.None);
                for (var n = 1; i + n <= words.Count && n <= MaxWords; n++)
                {
                    var word = words[i + n - 1];
                    if ((n > 1 && word.BreakBefore) || length + word.Key.Length > key.Length)
                    {
                        break;
                    }

                    word.Key.CopyTo(key[length..]);
                    length += word.Key.Length;
                    hash = Extend(hash, word.Key);
                    var match = catalog.Exact(key[..length]);
                    if (match.Found && Counts(words, i, n, match))
                    {
                        best = (n, match);
                    }

                    // Exact may have made the key singular in place: write it back before going on.
                    word.Key.CopyTo(key[(length - word.Key.Length)..]);
                    if (!prefixes.Contains(hash))
                    {
                        break;
                    }
                }

                if (best.Count == 0)
                {
                    i++;
                    continue;
                }

                if (!Negated(words, i, best.Count, negations))
                {
                    found.Add((best.Match.ConceptId, i, best.Count, best.Match));
                }

                i += best.Count;
            }

            return Assemble(catalog, text, words, found);
        }

        /// <summary>Whether a one-word match may stand: a generic word only as a name, a short name, acronym or ambiguous name only as written names.</summary>
        bool Counts(List<Word> words, int first, int count, SkillMatch match)
        {
            if (count > 1)
            {
                return true;
            }

            var word = words[first];
            var asName = word.Upper || word.Symbol || (word.Capital && !word.BreakBefore);
            if (generic.Contains(word.Key) && !asName)
            {
                return false;
            }

            return !NeedsContext(word, match) || asName;
        }

        /// <summary>Short names, acronyms and ambiguous names ("R", "Go", "ML", "QA", "Spring") count only beside another skill.</summary>
        static bool NeedsContext(Word word, SkillMatch match) =>
            word.Key.Length <= 2 || match.How == SkillReading.Acronym || match.IsAmbiguous;

        /// <summary>A negation earlier in the clause ("no Java", "sans SAP"), or "not required" just after.</summary>
        static bool Negated(List<Word> words, int first, int count, HashSet<string> negations)
        {
            for (var w = first; w >= 0 && w > first - 10; w--)
            {
                if (w < first && negations.Contains(words[w].Key))
                {
                    return true;
                }

                if (w < first && Contrasts.Contains(words[w].Key))
                {
                    break;
                }

                // A list comma does not end a negation ("no Java, Python or Go"); a full stop or semicolon does.
                if (words[w].StopBefore)
                {
                    break;
                }
            }

            var after = first + count;
            for (var w = after; w < words.Count && w < after + 4 && !words[w].BreakBefore; w++)
            {
                if ((words[w].Key is "not" or "pas" or "non") && w + 1 < words.Count && Needed.Contains(words[w + 1].Key))
                {
                    return true;
                }
            }

            return false;
        }

        static IReadOnlyList<ExtractedSkill> Assemble(SkillCatalog catalog, string text, List<Word> words, List<(int Concept, int First, int Count, SkillMatch Match)> found)
        {
            // Ambiguous names are decided by the other skills of the text, and dropped when they cannot be.
            var context = found.Where(f => !f.Match.IsAmbiguous).Select(f => f.Concept).Distinct().ToArray();
            var skills = new Dictionary<int, (List<TextSpan> Spans, SkillReading How, double Confidence)>();
            foreach (var (concept, first, count, match) in found)
            {
                var reading = match;
                if (match.IsAmbiguous)
                {
                    reading = catalog.Decide(match, context);
                    if (reading.How != SkillReading.Context)
                    {
                        continue;
                    }
                }

                var short_ = count == 1 && NeedsContext(words[first], match);
                if (short_ && !context.Any(c => c != reading.ConceptId))
                {
                    continue;
                }

                var start = words[first].Start;
                var end = words[first + count - 1].End;
                var span = new TextSpan(start, end - start, text[start..end]);
                var confidence = Confidence(reading, count, short_);
                if (skills.TryGetValue(reading.ConceptId, out var held))
                {
                    held.Spans.Add(span);
                    skills[reading.ConceptId] = held with { Confidence = Math.Max(held.Confidence, confidence) };
                }
                else
                {
                    skills[reading.ConceptId] = ([span], reading.How, confidence);
                }
            }

            return [.. skills
                .OrderBy(s => s.Value.Spans[0].Start)
                .Select(s => new ExtractedSkill(s.Key, s.Value.Spans, s.Value.How, s.Value.Confidence))];
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
}
