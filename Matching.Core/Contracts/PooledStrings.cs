using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matching.Core.Contracts;

/// <summary>
/// Reads strings that repeat across candidates (skill names, places, language codes) into one shared
/// instance each: a 10,000-candidate request names the same few thousand skills 200,000 times, and
/// allocating each copy costs more in garbage collection than parsing it. The pool is bounded;
/// past the bound strings are simply allocated.
/// </summary>
public sealed class PooledStringConverter : JsonConverter<string>
{
    const int MaxPooled = 200_000;
    /// <summary>Longer strings are not pooled.</summary>
    public const int MaxPooledLength = 128;

    /// <summary>Sets of the per-thread memo in front of the pool, two names each.</summary>
    const int MemoSets = 4096;

    [ThreadStatic]
    static MemoSlot[]? Memo;

    static readonly ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Pool.GetAlternateLookup<ReadOnlySpan<char>>();

    [SkipLocalsInit] // The unescaped text is written before it is read.
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Expected a string");
        }

        if (reader.HasValueSequence || reader.ValueSpan.Length > MaxPooledLength)
        {
            return JsonText.GetString(ref reader);
        }

        if (!reader.ValueIsEscaped)
        {
            return FromUtf8(reader.ValueSpan);
        }

        // Escaped ("compare contractors\u0027 bids", as .NET writes an apostrophe): pooled once unescaped,
        // which never makes the text longer.
        Span<byte> unescaped = stackalloc byte[MaxPooledLength];
        int length;
        try
        {
            length = reader.CopyString(unescaped);
        }
        catch (InvalidOperationException)
        {
            throw JsonText.InvalidText();
        }

        return FromUtf8(unescaped[..length]);
    }

    /// <summary>The pooled string for unescaped UTF-8 text of at most 128 bytes.</summary>
    /// <exception cref="JsonException">The bytes are not valid UTF-8.</exception>
    public static string FromUtf8(ReadOnlySpan<byte> utf8) =>
        TryFromUtf8(utf8, out var text) ? text : throw JsonText.InvalidText();

    /// <summary>
    /// <see cref="FromUtf8"/>, false for bytes that are not valid UTF-8. A per-thread memo keyed by the
    /// bytes answers most calls without transcoding or touching the shared pool.
    /// </summary>
    public static bool TryFromUtf8(ReadOnlySpan<byte> utf8, out string text)
    {
        // Two ways per set: the newest name goes first, the one it displaces second. Only valid text is stored.
        var memo = Memo ??= new MemoSlot[MemoSets * 2];
        var set = (Utf8Hash(utf8) & (MemoSets - 1)) * 2;
        if (memo[set].Bytes is { } first && utf8.SequenceEqual(first))
        {
            text = memo[set].Text;
            return true;
        }

        if (memo[set + 1].Bytes is { } second && utf8.SequenceEqual(second))
        {
            text = memo[set + 1].Text;
            return true;
        }

        if (!TryPool(utf8, out text))
        {
            return false;
        }

        memo[set + 1] = memo[set];
        memo[set] = new MemoSlot(utf8.ToArray(), text);
        return true;
    }

    [SkipLocalsInit] // The character buffer is written before it is read.
    static bool TryPool(ReadOnlySpan<byte> utf8, out string pooled)
    {
        Span<char> chars = stackalloc char[MaxPooledLength];
        if (System.Text.Unicode.Utf8.ToUtf16(utf8, chars, out _, out var length, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            pooled = null!;
            return false;
        }

        var text = chars[..length];
        if (!Lookup.TryGetValue(text, out pooled!))
        {
            var value = new string(text);
            pooled = Pool.Count < MaxPooled ? Pool.GetOrAdd(value, value) : value;
        }

        return true;
    }

    /// <summary>A cheap hash of the length and the first and last eight bytes: enough to spread names over the memo.</summary>
    static int Utf8Hash(ReadOnlySpan<byte> utf8)
    {
        ulong head, tail;
        if (utf8.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
        }
        else
        {
            head = 0;
            foreach (var b in utf8)
            {
                head = (head << 8) | b;
            }

            tail = 0;
        }

        return (int)((head * 0x9E3779B97F4A7C15UL ^ tail * 0xC2B2AE3D27D4EB4FUL ^ (ulong)utf8.Length * 0x165667B19E3779F9UL) >> 52);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    readonly record struct MemoSlot(byte[] Bytes, string Text);
}

/// <summary>Strings off a <see cref="Utf8JsonReader"/>, with text that is not Unicode reported as a JSON fault.</summary>
public static class JsonText
{
    /// <summary>
    /// <see cref="Utf8JsonReader.GetString"/>, except that invalid UTF-8 or an escaped lone surrogate
    /// ("\ud800") throws <see cref="JsonException"/> (a client's fault) instead of InvalidOperationException.
    /// </summary>
    public static string GetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw InvalidText();
        }
    }

    public static JsonException InvalidText() => new("Expected Unicode text (this string has invalid UTF-8 or an unpaired surrogate)");
}

/// <summary>A list of strings read through <see cref="PooledStringConverter"/>.</summary>
public sealed class PooledStringListConverter : JsonConverter<List<string>>
{
    static readonly PooledStringConverter Item = new();

    public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array of strings");
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("Expected an array of strings");
            }

            list.Add(Item.Read(ref reader, typeof(string), options)!);
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
