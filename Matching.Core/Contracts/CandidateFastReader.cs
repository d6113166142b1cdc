using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Matching.Core.Contracts;

/// <summary>
/// The common case of <see cref="CandidateJsonReader"/> read straight off the bytes, without a general JSON
/// reader: known fields, unescaped strings, plain numbers, dates, nulls for fields. Anything else, broken
/// or merely unusual (an escape, an exponent, a null in a list, a duplicate or unknown field, a wrong type),
/// makes it give up, and the full reader reads the candidate and names any fault. It never accepts what
/// the full reader refuses, and what it accepts reads the same; tests hold it to that.
/// </summary>
ref struct CandidateFastReader
{
    /// <summary>The bytes that end an unescaped string's scan: the quote, a backslash, control characters.</summary>
    static readonly SearchValues<byte> StringStops = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    /// <summary>Escaped strings longer than this give up.</summary>
    const int MaxEscapedLength = 256;

    readonly ReadOnlySpan<byte> json;
    readonly Span<byte> unescaped;
    int at;

    CandidateFastReader(ReadOnlySpan<byte> json, Span<byte> unescaped)
    {
        this.json = json;
        this.unescaped = unescaped;
    }

    /// <summary>The candidate in <paramref name="json"/>, or false when the full reader has to read it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out Candidate candidate) =>
        TryReadAt(json, 0, out candidate, out var end) && json[end..].IndexOfAnyExcept(" \t\r\n"u8) < 0;

    /// <summary>
    /// The candidate whose object opens at <paramref name="start"/>, and the index just past its closing brace;
    /// false when the full reader has to read it.
    /// </summary>
    [SkipLocalsInit] // The buffer for unescaped strings is written before it is read.
    public static bool TryReadAt(ReadOnlySpan<byte> json, int start, out Candidate candidate, out int end)
    {
        var reader = new CandidateFastReader(json, stackalloc byte[MaxEscapedLength]) { at = start };
        if (reader.Take((byte)'{') && reader.Candidate(out candidate))
        {
            end = reader.at;
            return true;
        }

        candidate = null!;
        end = -1;
        return false;
    }

    bool Candidate(out Candidate candidate)
    {
        candidate = null!;
        string? id = null, location = null;
        List<CandidateSkill>? skills = null;
        List<Experience>? experiences = null;
        List<AvailabilityWindow>? availability = null;
        List<string>? aspirations = null, languages = null;
        int? activeMissions = null;
        var seen = 0;
        if (!Take((byte)'}'))
        {
            do
            {
                if (!Key(out var key))
                {
                    return false;
                }

                var ok =
                    key.SequenceEqual("id"u8) ? Once(ref seen, 1 << 0) && Text(pooled: false, out id)
                    : key.SequenceEqual("skills"u8) ? Once(ref seen, 1 << 1) && Objects(out skills, Skill)
                    : key.SequenceEqual("experiences"u8) ? Once(ref seen, 1 << 2) && Objects(out experiences, Experience)
                    : key.SequenceEqual("availability"u8) ? Once(ref seen, 1 << 3) && Objects(out availability, Window)
                    : key.SequenceEqual("aspirations"u8) ? Once(ref seen, 1 << 4) && Names(out aspirations)
                    : key.SequenceEqual("location"u8) ? Once(ref seen, 1 << 5) && Text(pooled: true, out location)
                    : key.SequenceEqual("languages"u8) ? Once(ref seen, 1 << 6) && Names(out languages)
                    : key.SequenceEqual("activeMissions"u8) && Once(ref seen, 1 << 7) && Int(out activeMissions);
                if (!ok)
                {
                    return false;
                }
            }
            while (Take((byte)','));

            if (!Take((byte)'}'))
            {
                return false;
            }
        }

        candidate = new Candidate
        {
            Id = id, Skills = skills, Experiences = experiences, Availability = availability,
            Aspirations = aspirations, Location = location, Languages = languages, ActiveMissions = activeMissions,
        };
        return true;
    }

    delegate bool ItemReader<T>(ref CandidateFastReader reader, out T item);

    /// <summary>A list of objects, each read by <paramref name="read"/> after its opening brace; a null item gives up.</summary>
    bool Objects<T>(out List<T>? items, ItemReader<T> read)
    {
        items = null;
        if (Null())
        {
            return true;
        }

        if (!Take((byte)'['))
        {
            return false;
        }

        items = [];
        if (Take((byte)']'))
        {
            return true;
        }

        do
        {
            if (!Take((byte)'{') || !read(ref this, out var item))
            {
                return false;
            }

            items.Add(item);
        }
        while (Take((byte)','));

        return Take((byte)']');
    }

    static bool Skill(ref CandidateFastReader reader, out CandidateSkill skill)
    {
        skill = null!;
        string? name = null;
        int? level = null;
        double? years = null;
        DateOnly? lastUsed = null;
        var seen = 0;
        if (!reader.Take((byte)'}'))
        {
            do
            {
                if (!reader.Key(out var key))
                {
                    return false;
                }

                var ok =
                    key.SequenceEqual("name"u8) ? Once(ref seen, 1 << 0) && reader.Text(pooled: true, out name)
                    : key.SequenceEqual("level"u8) ? Once(ref seen, 1 << 1) && reader.Int(out level)
                    : key.SequenceEqual("years"u8) ? Once(ref seen, 1 << 2) && reader.Number(out years)
                    : key.SequenceEqual("lastUsed"u8) && Once(ref seen, 1 << 3) && reader.Date(out lastUsed);
                if (!ok)
                {
                    return false;
                }
            }
            while (reader.Take((byte)','));

            if (!reader.Take((byte)'}'))
            {
                return false;
            }
        }

        skill = new CandidateSkill { Name = name, Level = level, Years = years, LastUsed = lastUsed };
        return true;
    }

    static bool Experience(ref CandidateFastReader reader, out Experience experience)
    {
        experience = null!;
        string? title = null;
        List<string>? skills = null;
        DateOnly? start = null, end = null;
        int? rating = null;
        string? description = null;
        var seen = 0;
        if (!reader.Take((byte)'}'))
        {
            do
            {
                if (!reader.Key(out var key))
                {
                    return false;
                }

                var ok =
                    key.SequenceEqual("title"u8) ? Once(ref seen, 1 << 0) && reader.Text(pooled: false, out title)
                    : key.SequenceEqual("skills"u8) ? Once(ref seen, 1 << 1) && reader.Names(out skills)
                    : key.SequenceEqual("start"u8) ? Once(ref seen, 1 << 2) && reader.Date(out start)
                    : key.SequenceEqual("end"u8) ? Once(ref seen, 1 << 3) && reader.Date(out end)
                    : key.SequenceEqual("rating"u8) ? Once(ref seen, 1 << 4) && reader.Int(out rating)
                    : key.SequenceEqual("description"u8) && Once(ref seen, 1 << 5) && reader.Text(pooled: false, out description);
                if (!ok)
                {
                    return false;
                }
            }
            while (reader.Take((byte)','));

            if (!reader.Take((byte)'}'))
            {
                return false;
            }
        }

        experience = new Experience { Title = title, Skills = skills, Start = start, End = end, Rating = rating, Description = description };
        return true;
    }

    static bool Window(ref CandidateFastReader reader, out AvailabilityWindow window)
    {
        window = null!;
        DateOnly? from = null, to = null;
        double? capacity = null;
        var seen = 0;
        if (!reader.Take((byte)'}'))
        {
            do
            {
                if (!reader.Key(out var key))
                {
                    return false;
                }

                var ok =
                    key.SequenceEqual("from"u8) ? Once(ref seen, 1 << 0) && reader.Date(out from)
                    : key.SequenceEqual("to"u8) ? Once(ref seen, 1 << 1) && reader.Date(out to)
                    : key.SequenceEqual("capacity"u8) && Once(ref seen, 1 << 2) && reader.Number(out capacity);
                if (!ok)
                {
                    return false;
                }
            }
            while (reader.Take((byte)','));

            if (!reader.Take((byte)'}'))
            {
                return false;
            }
        }

        window = new AvailabilityWindow { From = from, To = to, Capacity = capacity };
        return true;
    }

    /// <summary>A list of names, pooled; a null item gives up (the full reader reports it).</summary>
    bool Names(out List<string>? names)
    {
        names = null;
        if (Null())
        {
            return true;
        }

        if (!Take((byte)'['))
        {
            return false;
        }

        names = [];
        if (Take((byte)']'))
        {
            return true;
        }

        do
        {
            if (!StringValue(out var text) || !Decode(text, pooled: true, out var name))
            {
                return false;
            }

            names.Add(name);
        }
        while (Take((byte)','));

        return Take((byte)']');
    }

    /// <summary>A field name and its colon.</summary>
    bool Key(out ReadOnlySpan<byte> key) => RawString(out key) && Take((byte)':');

    static bool Once(ref int seen, int bit)
    {
        if ((seen & bit) != 0)
        {
            return false;
        }

        seen |= bit;
        return true;
    }

    bool Text(bool pooled, out string? value)
    {
        value = null;
        if (Null())
        {
            return true;
        }

        if (!StringValue(out var text) || !Decode(text, pooled, out var decoded))
        {
            return false;
        }

        value = decoded;
        return true;
    }

    /// <summary>False for bytes that are not UTF-8.</summary>
    static bool Decode(ReadOnlySpan<byte> text, bool pooled, out string value)
    {
        if (pooled && text.Length <= PooledStringConverter.MaxPooledLength)
        {
            return PooledStringConverter.TryFromUtf8(text, out value);
        }

        value = Utf8.IsValid(text) ? Encoding.UTF8.GetString(text) : null!;
        return value is not null;
    }

    bool Int(out int? value)
    {
        value = null;
        if (Null())
        {
            return true;
        }

        if (!NumberText(out var text, out var whole) || !whole || !Utf8Parser.TryParse(text, out int parsed, out var used) || used != text.Length)
        {
            return false;
        }

        value = parsed;
        return true;
    }

    bool Number(out double? value)
    {
        value = null;
        if (Null())
        {
            return true;
        }

        if (!NumberText(out var text, out _) || !Utf8Parser.TryParse(text, out double parsed, out var used) || used != text.Length || !double.IsFinite(parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    bool Date(out DateOnly? value)
    {
        value = null;
        if (Null())
        {
            return true;
        }

        if (!RawString(out var text) || !CandidateJsonReader.TryParseDate(text, out var date))
        {
            return false;
        }

        value = date;
        return true;
    }

    /// <summary>A JSON number without an exponent: -?(0|[1-9][0-9]*)(\.[0-9]+)?</summary>
    bool NumberText(out ReadOnlySpan<byte> text, out bool whole)
    {
        SkipSpace();
        text = default;
        whole = true;
        var i = at;
        if (i < json.Length && json[i] == '-')
        {
            i++;
        }

        if (i >= json.Length || !char.IsAsciiDigit((char)json[i]))
        {
            return false;
        }

        if (json[i++] != '0')
        {
            i = Digits(i);
        }

        if (i < json.Length && json[i] == '.')
        {
            whole = false;
            var fraction = ++i;
            i = Digits(i);
            if (i == fraction)
            {
                return false;
            }
        }

        if (i < json.Length && (json[i] | 0x20) == 'e')
        {
            return false;
        }

        text = json[at..i];
        at = i;
        return true;
    }

    int Digits(int i)
    {
        while (i < json.Length && char.IsAsciiDigit((char)json[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// A string's UTF-8 text: its bytes between the quotes, or, when it has escapes, those bytes unescaped by
    /// the JSON reader (which checks them) into the scratch buffer, valid until the next string.
    /// </summary>
    bool StringValue(out ReadOnlySpan<byte> text)
    {
        if (RawString(out text))
        {
            return true;
        }

        if (at >= json.Length || json[at] != '"')
        {
            return false;
        }

        var close = ClosingQuote(json, at + 1);
        if (close < 0 || close - at > MaxEscapedLength)
        {
            return false;
        }

        var token = json[at..(close + 1)];
        var reader = new Utf8JsonReader(token);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.BytesConsumed != token.Length)
            {
                return false;
            }

            var length = reader.CopyString(unescaped);
            text = unescaped[..length];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }

        at = close + 1;
        return true;
    }

    /// <summary>The index of the quote closing a string whose text starts at <paramref name="from"/>, stepping over escapes; -1 if none.</summary>
    static int ClosingQuote(ReadOnlySpan<byte> json, int from)
    {
        var i = from;
        while (true)
        {
            var k = json[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (k < 0)
            {
                return -1;
            }

            i += k;
            if (json[i] == '"')
            {
                return i;
            }

            i += 2;
            if (i >= json.Length)
            {
                return -1;
            }
        }
    }

    /// <summary>A string without escapes or control characters; its bytes between the quotes.</summary>
    bool RawString(out ReadOnlySpan<byte> text)
    {
        SkipSpace();
        text = default;
        if (at >= json.Length || json[at] != '"')
        {
            return false;
        }

        var rest = json[(at + 1)..];
        var end = rest.IndexOfAny(StringStops);
        if (end < 0 || rest[end] != '"')
        {
            return false;
        }

        text = rest[..end];
        at += end + 2;
        return true;
    }

    /// <summary>Takes a JSON null if one is next.</summary>
    bool Null()
    {
        SkipSpace();
        if (json[at..].StartsWith("null"u8))
        {
            at += 4;
            return true;
        }

        return false;
    }

    bool Take(byte token)
    {
        SkipSpace();
        if (at < json.Length && json[at] == token)
        {
            at++;
            return true;
        }

        return false;
    }

    void SkipSpace()
    {
        while (at < json.Length && json[at] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            at++;
        }
    }
}
