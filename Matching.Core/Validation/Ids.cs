using System.Buffers;

namespace Matching.Core.Validation;

/// <summary>
/// The one grammar of every id the service accepts (candidates, missions, client decision ids, in bodies and in paths).
/// Ids are opaque and case-sensitive. Nothing in the grammar needs encoding in a URL path or can be written two ways
/// (no <c>/</c>, <c>%</c>, whitespace, control or bidi characters, no non-ASCII letter that looks like an ASCII one or
/// has a composed and a decomposed form), so every id stored is reachable, and erasable, through its route.
/// </summary>
public static class Ids
{
    public const int MaxLength = 128;

    public const string Rule = "An id is 1–128 characters: ASCII letters, digits and . _ - : @ +, starting with a letter or digit.";

    static readonly SearchValues<char> Rest = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-:@+");

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && char.IsAsciiLetterOrDigit(id[0]) && !id.AsSpan(1).ContainsAnyExcept(Rest);

    /// <summary>Adds <see cref="Rule"/> at <paramref name="path"/> unless <paramref name="id"/> keeps it.</summary>
    public static bool Check(string? id, string path, ValidationErrors errors)
    {
        if (IsValid(id))
        {
            return true;
        }

        errors.Add(path, Rule);
        return false;
    }
}
