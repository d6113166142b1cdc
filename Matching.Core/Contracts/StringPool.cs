using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Matching.Core.Contracts;

/// <summary>
/// One string instance per distinct short text within one request: a 10,000-candidate request names the same few
/// thousand skills 200,000 times. Lives as long as the request that owns it, so no client text outlives it.
/// Safe to share between the threads reading one request's candidates.
/// </summary>
public sealed class StringPool
{
    /// <summary>Longer strings are not pooled.</summary>
    public const int MaxPooledLength = 128;

    readonly ConcurrentDictionary<string, string> pool = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public StringPool() => lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string token under the reader, pooled when short; false when the text is not Unicode.</summary>
    [SkipLocalsInit] // The buffer is written before it is read.
    public bool TryRead(ref Utf8JsonReader reader, out string text)
    {
        if (reader.HasValueSequence || reader.ValueSpan.Length > MaxPooledLength)
        {
            return JsonText.TryGetString(ref reader, out text);
        }

        Span<char> chars = stackalloc char[MaxPooledLength];
        int length;
        try
        {
            // Unescaping and transcoding never make the text longer than its UTF-8 bytes.
            length = reader.CopyString(chars);
        }
        catch (InvalidOperationException)
        {
            text = null!;
            return false;
        }

        var read = chars[..length];
        if (!lookup.TryGetValue(read, out text!))
        {
            var value = new string(read);
            text = pool.GetOrAdd(value, value);
        }

        return true;
    }
}

/// <summary>Strings off a <see cref="Utf8JsonReader"/>, with text that is not Unicode reported as the client's fault.</summary>
public static class JsonText
{
    /// <summary><see cref="Utf8JsonReader.GetString"/>; false for invalid UTF-8 or an escaped lone surrogate ("\ud800").</summary>
    public static bool TryGetString(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null!;
            return false;
        }
    }

    public static JsonFault InvalidText(string path) =>
        new(JsonFaultKind.InvalidText, path, "expected Unicode text (this string has invalid UTF-8 or an unpaired surrogate)");
}
