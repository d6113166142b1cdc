using System.Text;
using System.Text.Json;
using Matching.Core.Contracts;

namespace Matching.Tests.Validation;

/// <summary>
/// The outline parser locates candidates by following brackets and strings only, then reads each one in
/// full. Held here to the serializer, the reference reading of the contract, on thousands of broken and
/// unbroken variants of one request.
/// </summary>
public class MatchDocumentTests
{
    static byte[] Request()
    {
        var mission = Build.Mission() with { Title = "Escapes: \"quoted\", back\\slash, {braces} and [brackets]" };
        var experienced = Build.Candidate("a \"quoted\" id", Build.Has("C#"), Build.Has("SQL", level: 2, years: 3, lastUsed: new DateOnly(2025, 6, 1))) with
        {
            Experiences = [new Experience { Title = "}]{[ \\\" tricky", Skills = ["C#", "SQL"], Start = new DateOnly(2022, 1, 1), End = new DateOnly(2024, 1, 1), Rating = 4 }],
            Availability = [new AvailabilityWindow { From = Build.Start, To = Build.End, Capacity = 0.6 }],
            Aspirations = ["Kubernetes"],
            Languages = ["fr", "en"],
            ActiveMissions = 1,
        };
        var json = JsonSerializer.Serialize(Build.Request(mission, experienced, Build.Candidate("b", Build.Has("SQL")), Build.Candidate("c")) with { Top = 2 }, MatchingJson.Default.MatchRequest);
        // Spaces and line breaks between tokens, so edits land in whitespace too.
        return Encoding.UTF8.GetBytes(json.Replace(",\"", ",\n  \"", StringComparison.Ordinal).Replace("[{", "[ {", StringComparison.Ordinal));
    }

    static byte[] Mutate(byte[] original, Random random)
    {
        const string inserted = "{}[],:\"\\ \n0an";
        var bytes = original.ToList();
        for (var edits = random.Next(1, 3); edits > 0; edits--)
        {
            // Half the edits land on punctuation, where a broken structure is likeliest to slip through.
            var at = random.Next(bytes.Count);
            if (random.Next(2) == 0)
            {
                var structural = Enumerable.Range(0, bytes.Count).Where(k => "{}[],:\"".Contains((char)bytes[k], StringComparison.Ordinal)).ToArray();
                at = structural[random.Next(structural.Length)];
            }

            switch (random.Next(3))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, (byte)inserted[random.Next(inserted.Length)]);
                    break;
                default:
                    bytes[at] = (byte)inserted[random.Next(inserted.Length)];
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Our reading: the outline, then every candidate; the candidates as JSON, or the first fault.</summary>
    static (string? Candidates, JsonFault? Fault) Ours(byte[] body)
    {
        try
        {
            var document = MatchDocument.Parse(body);
            var candidates = Enumerable.Range(0, document.CandidateCount).Select(document.ReadCandidate).ToList();
            return (JsonSerializer.Serialize(candidates, MatchingJson.Default.ListCandidate), null);
        }
        catch (ContractException e)
        {
            return (null, e.Fault);
        }
    }

    static (string? Candidates, JsonException? Fault) Serializer(byte[] body)
    {
        try
        {
            var request = JsonSerializer.Deserialize(body, MatchingJson.Default.MatchRequest);
            return (request is null ? null : JsonSerializer.Serialize(request.Candidates ?? [], MatchingJson.Default.ListCandidate), null);
        }
        catch (JsonException e)
        {
            return (null, e);
        }
    }

    static bool IsJson(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [Test]
    public void The_unbroken_request_reads_as_the_serializer_reads_it()
    {
        var body = Request();

        var ours = Ours(body);

        Assert.That(ours.Fault, Is.Null);
        Assert.That(ours.Candidates, Is.EqualTo(Serializer(body).Candidates));
    }

    [Test]
    public void Broken_json_is_always_refused_and_valid_json_reads_as_the_serializer_reads_it()
    {
        var original = Request();
        var random = new Random(20261126);
        int broken = 0, agreed = 0;
        for (var n = 0; n < 5000; n++)
        {
            var body = Mutate(original, random);
            var ours = Ours(body);
            var label = Encoding.UTF8.GetString(body);
            if (!IsJson(body))
            {
                broken++;
                Assert.That(ours.Fault, Is.Not.Null, $"accepted broken JSON: {label}");
                continue;
            }

            // Valid JSON: refused exactly when the contract refuses it, and otherwise the same candidates.
            var reference = Serializer(body);
            if (reference.Fault is null && reference.Candidates is not null)
            {
                Assert.That(ours.Fault, Is.Null, $"refused what the serializer reads: {label}\n{ours.Fault}");
                Assert.That(ours.Candidates, Is.EqualTo(reference.Candidates), label);
                agreed++;
            }
            else if (reference.Fault is not null)
            {
                Assert.That(ours.Fault, Is.Not.Null, $"accepted what the serializer refuses: {label}\n{reference.Fault.Message}");
            }
        }

        Assert.That(broken, Is.GreaterThan(1000), "the mutations break the JSON often enough to test");
        Assert.That(agreed, Is.GreaterThan(100), "and leave it readable often enough to test");
    }

    [TestCase("""{"candidates": [{"id": "a"} {"id": "b"}]}""", 0, 28)]
    [TestCase("""{"candidates": [{"id": "a"},]}""", 0, 28)]
    [TestCase("{\"candidates\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\"\n]}", 3, 0)]
    [TestCase("{\"candidates\": [\n  {\"id\": \"a\"}\n],\n \"top\": 1 x}", 3, 10)]
    [TestCase("""{"candidates": [{"id": "a", "skills": [}]}""", 0, 39)]
    [TestCase("""{"candidates": [{"id": "a"}], "top": 1 x}""", 0, 39)]
    public void Broken_syntax_around_or_inside_the_candidates_is_placed(string json, int line, int position)
    {
        var fault = Ours(Encoding.UTF8.GetBytes(json)).Fault;

        Assert.That(fault, Is.Not.Null);
        Assert.That(fault!.Kind, Is.EqualTo(JsonFaultKind.Malformed));
        Assert.That(fault.Path, Is.EqualTo("$"), "a syntax error around the candidates has no field");
        Assert.That((fault.Line, fault.Byte), Is.EqualTo(((long)line + 1, (long)position + 1)), fault.Message);
    }

    [Test]
    public void Names_are_shared_within_a_request_and_never_across_requests()
    {
        var body = Encoding.UTF8.GetBytes("""{"candidates": [{"id": "a", "skills": [{"name": "Kubernetes"}]}, {"id": "b", "skills": [{"name": "Kubernetes"}]}]}""");
        var first = MatchDocument.Parse(body);
        var second = MatchDocument.Parse(body);

        var a = first.ReadCandidate(0)!.Skills![0].Name;
        var b = first.ReadCandidate(1)!.Skills![0].Name;
        var other = second.ReadCandidate(0)!.Skills![0].Name;

        Assert.That(ReferenceEquals(a, b), Is.True, "one instance per name within a request");
        Assert.That(ReferenceEquals(a, other), Is.False, "no pool outlives its request: client text never stays in the process");
    }
}
