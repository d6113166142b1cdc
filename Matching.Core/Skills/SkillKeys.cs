using System.Runtime.CompilerServices;

namespace Matching.Core.Skills;

/// <summary>The key a skill name is looked up by: one normal form for catalog names and names the catalog does not know.</summary>
public static class SkillKeys
{
    /// <summary>Keys longer than this are never looked up: a lookup normalises on the stack.</summary>
    public const int MaxKeyLength = 256;

    // '#' becomes "sharp": the longest text one input character can turn into.
    const int LongestExpansion = 5;

    // Latin-1 letters U+00C0..U+00FF without their accents, lower case; letters with no plain form stay as they are.
    const string Latin1Folded = "aaaaaaæceeeeiiiiðnooooo×ouuuuyþßaaaaaaæceeeeiiiiðnooooo÷ouuuuyþy";

    /// <summary>
    /// The key a skill name is looked up by, the same for catalog labels and for names the catalog does
    /// not know: lower case without accents; letters and digits kept; '#' and '♯' become "sharp", '+' "plus",
    /// '&amp;' "and"; a '.' that opens a word becomes "dot" (".NET" is "dotnet") and any other '.' is dropped
    /// ("Node.js" is "nodejs"); spaces, hyphens and all other punctuation are dropped ("C-Sharp" is "csharp").
    /// </summary>
    public static string NormaliseKey(ReadOnlySpan<char> name)
    {
        var capacity = name.Length * LongestExpansion;
        Span<char> buffer = capacity <= 1024 ? stackalloc char[capacity] : new char[capacity];
        TryNormaliseKey(name, buffer, out var written);
        return new string(buffer[..written]);
    }

    /// <summary>False when <see cref="NormaliseKey"/> of <paramref name="name"/> is empty: punctuation alone names no skill.</summary>
    public static bool HasKey(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) || c is '#' or '♯' or '+' or '&')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes <see cref="NormaliseKey"/> of <paramref name="name"/> into <paramref name="destination"/>; false when it does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryNormaliseKey(ReadOnlySpan<char> name, Span<char> destination, out int written)
    {
        written = 0;
        var wordStart = true;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            bool fits;
            if (char.IsLetterOrDigit(c))
            {
                fits = Append(destination, ref written, Fold(c));
                wordStart = false;
            }
            else if (c is '#' or '♯')
            {
                fits = Append(destination, ref written, "sharp");
                wordStart = false;
            }
            else if (c == '+')
            {
                fits = Append(destination, ref written, "plus");
                wordStart = false;
            }
            else if (c == '&')
            {
                fits = Append(destination, ref written, "and");
                wordStart = true;
            }
            else if (c == '.' && wordStart && i + 1 < name.Length && char.IsLetter(name[i + 1]))
            {
                fits = Append(destination, ref written, "dot");
                wordStart = false;
            }
            else
            {
                fits = true;
                wordStart = c != '.';
            }

            if (!fits)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The length of the singular form of a key's last word, written in place, or the key's own length
    /// when no safe rule applies: "technologies" to "technology", "processes" to "process", "databases"
    /// to "database"; keys under five characters ("aws", "ios") and endings in -ss, -us, -is stay as they are.
    /// </summary>
    internal static int Singularise(Span<char> key)
    {
        if (key.Length < 5 || key[^1] != 's')
        {
            return key.Length;
        }

        if (key.EndsWith("ies"))
        {
            key[^3] = 'y';
            return key.Length - 2;
        }

        if (key.EndsWith("sses") || key.EndsWith("ches") || key.EndsWith("shes") || key.EndsWith("xes"))
        {
            return key.Length - 2;
        }

        return key[^2] is 's' or 'u' or 'i' ? key.Length : key.Length - 1;
    }

    /// <summary>A label without a trailing parenthetical qualifier: "Python (computer programming)" is "Python"; null when it has none.</summary>
    internal static string? Unqualified(string label)
    {
        var open = label.LastIndexOf(" (", StringComparison.Ordinal);
        return open > 0 && label.EndsWith(')') ? label[..open].TrimEnd() : null;
    }

    static char Fold(char c) => c switch
    {
        >= 'A' and <= 'Z' => (char)(c + ('a' - 'A')),
        < (char)128 => c,
        >= 'À' and <= 'ÿ' => Latin1Folded[c - 'À'],
        _ => char.ToLowerInvariant(c),
    };

    static bool Append(Span<char> destination, ref int written, char c)
    {
        if (written >= destination.Length)
        {
            return false;
        }

        destination[written++] = c;
        return true;
    }

    static bool Append(Span<char> destination, ref int written, ReadOnlySpan<char> text)
    {
        if (written + text.Length > destination.Length)
        {
            return false;
        }

        text.CopyTo(destination[written..]);
        written += text.Length;
        return true;
    }
}
