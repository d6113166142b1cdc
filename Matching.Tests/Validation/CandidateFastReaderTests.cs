using System.Text;
using System.Text.Json;
using Matching.Core.Contracts;

namespace Matching.Tests.Validation;

/// <summary>
/// The fast path reads common candidates without a general JSON reader and gives up on anything else. Held
/// here to the full reader on tens of thousands of broken and unbroken variants of one candidate: whatever
/// it accepts, the full reader accepts and reads the same.
/// </summary>
public class CandidateFastReaderTests
{
    // Escapes (\u0027 as .NET writes an apostrophe, \", \\, a surrogate pair), non-ASCII text, nulls for
    // fields, fractions, a negative zero, whitespace of every kind: what the fast path has to get right.
    const string Candidate = """
        {"id":"emp-\u00e9 \"7\"","skills":[{"name":"C#","level":4,"years":2.5,"lastUsed":"2025-06-01"},
         {"name":"compare contractors\u0027 bids","level":1,"years":0},{"name":"Créer \ud83d\ude00 \\ slash","level":5,"years":null,"lastUsed":null}],
         "experiences":[{"title":"Migration: \"big\" one","skills":["SQL","C sharp"],"start":"2022-01-31","end":"2024-02-29","rating":4},
         {"title":null,"skills":[],"start":"2024-03-01","end":null}],
        	"availability":[{"from":"2026-01-01","to":"2026-12-31","capacity":0.75},{"from":"2027-01-01","to":"2027-02-01","capacity":-0.0}],
        "aspirations":["Kubernetes","data\u0020science"],"location":"Lyon","languages":["fr","en"],"activeMissions":-0}
        """;

    static string? Read(Func<byte[], Candidate?> read, byte[] json, out bool refused)
    {
        try
        {
            refused = false;
            return JsonSerializer.Serialize(read(json), MatchingJson.Default.Candidate);
        }
        catch (JsonException)
        {
            refused = true;
            return null;
        }
    }

    [Test]
    public void The_common_candidate_is_read_by_the_fast_path_exactly_as_the_full_reader_reads_it()
    {
        var json = Encoding.UTF8.GetBytes(Candidate);

        var fast = CandidateFastReader.TryRead(json, out var candidate);

        Assert.That(fast, Is.True, "the fast path reads escapes, nulls for fields and non-ASCII text");
        Assert.That(JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate),
            Is.EqualTo(Read(j => CandidateJsonReader.ReadFully(j), json, out _)));
        Assert.That(candidate.Skills![1].Name, Is.EqualTo("compare contractors' bids"));
        // Escaped names are pooled by both readers: one instance, which skill resolution remembers by reference.
        Assert.That(CandidateJsonReader.ReadFully(json)!.Skills![1].Name, Is.SameAs(candidate.Skills[1].Name));
        Assert.That(candidate.Skills[2].Name, Is.EqualTo("Créer \U0001F600 \\ slash"));
    }

    [TestCase("""{"id":"a","skills":[null]}""", TestName = "A null item in a list")]
    [TestCase("""{"id":"a","level":1}""", TestName = "An unknown field")]
    [TestCase("""{"id":"a","id":"b"}""", TestName = "A duplicate field")]
    [TestCase("""{"id":"a","activeMissions":1e0}""", TestName = "An exponent")]
    [TestCase("""{"id":"a","activeMissions":1.0}""", TestName = "A fraction for a whole number")]
    [TestCase("""{"id":"a","activeMissions":01}""", TestName = "A leading zero")]
    [TestCase("""{"id":"a","activeMissions":99999999999}""", TestName = "A whole number too large")]
    [TestCase("""{"id":"a","location":"\ud800"}""", TestName = "A lone surrogate in a pooled name")]
    [TestCase("""{"id":"\ud800"}""", TestName = "A lone surrogate in an id")]
    [TestCase("""{"id":"a","aspirations":["\udc00"]}""", TestName = "A lone low surrogate")]
    [TestCase("""{"id":"a","aspirations":["\ud800\u0041"]}""", TestName = "A high surrogate before an escaped letter")]
    [TestCase("""{"id":"a","aspirations":["\ud800x"]}""", TestName = "A high surrogate before a plain letter")]
    [TestCase("""{"id":"a\x"}""", TestName = "An invalid escape")]
    [TestCase("""{"id":"a","skills":[{"name":"b","lastUsed":"2025-02-30"}]}""", TestName = "A date that does not exist")]
    [TestCase("""{"id":"a","skills":[{"name":"b","lastUsed":"2025\u002d02-01"}]}""", TestName = "An escaped date")]
    [TestCase("""{"id":"a",}""", TestName = "A trailing comma")]
    [TestCase("""{"id":"a"} x""", TestName = "Content after the candidate")]
    [TestCase("""{"id":1}""", TestName = "A wrong type")]
    [TestCase("""{"\u0069d":"a"}""", TestName = "An escaped field name")]
    public void The_fast_path_gives_up_on_what_it_does_not_read(string json)
    {
        Assert.That(CandidateFastReader.TryRead(Encoding.UTF8.GetBytes(json), out _), Is.False);
    }

    [Test]
    public void Text_that_is_not_utf8_is_left_to_the_full_reader()
    {
        byte[] json = [.. "{\"id\":\"a\",\"aspirations\":[\""u8, 0xC3, 0x28, .. "\"]}"u8];

        Assert.That(CandidateFastReader.TryRead(json, out _), Is.False);
        Assert.Throws<JsonException>(() => CandidateJsonReader.Read(json));
    }

    [Test]
    public void Whatever_the_fast_path_accepts_the_full_reader_reads_the_same()
    {
        var original = Encoding.UTF8.GetBytes(Candidate);
        // Hex digits too, so edits can make surrogate escapes ("\ud83d" → "\ud8cd").
        byte[] alphabet = [.. "{}[],:\"\\ \n\t0159.-eEnulrtuabcdfD8"u8, 0x01, 0xC3, 0xA9, 0xFF, 0xED];
        var random = new Random(20261126);
        int accepted = 0, refusedByBoth = 0;
        for (var n = 0; n < 30_000; n++)
        {
            var bytes = original.ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0:
                        bytes.RemoveAt(at);
                        break;
                    case 1:
                        bytes.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    default:
                        bytes[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                }
            }

            byte[] json = [.. bytes];
            var full = Read(j => CandidateJsonReader.ReadFully(j), json, out var fullRefused);
            if (CandidateFastReader.TryRead(json, out var candidate))
            {
                accepted++;
                Assert.That(fullRefused, Is.False, () => $"The fast path accepted what the full reader refuses: {Encoding.UTF8.GetString(json)}");
                Assert.That(JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate), Is.EqualTo(full), () => Encoding.UTF8.GetString(json));
            }
            else if (fullRefused)
            {
                refusedByBoth++;
            }
        }

        // Both outcomes are well represented, so neither side of the property is tested on a handful of cases.
        Assert.That(accepted, Is.GreaterThan(1_000));
        Assert.That(refusedByBoth, Is.GreaterThan(10_000));
    }
}
