using System.Text;
using Matching.Core.Contracts;

namespace Matching.Tests.Validation;

/// <summary>
/// Faults in bodies the serializer reads (missions, skills and reload bodies, history lines) are found by our own
/// walk over the bytes and typed where they are found: no English message of System.Text.Json is parsed.
/// </summary>
public class ContractErrorTests
{
    static JsonFault Fault(string json)
    {
        var e = Assert.Throws<ContractException>(() => JsonContractErrors.Deserialize(Encoding.UTF8.GetBytes(json), MatchingJson.Default.MatchRequest));
        return e!.Fault;
    }

    [TestCase("""{"mission": {"skills": [{"name": "C#", "levl": 3}]}}""", JsonFaultKind.UnknownField, "mission.skills[0].levl", "unknown field 'levl' (the fields here are name, level, weight, mandatory)")]
    [TestCase("""{"mission": {"capacity": 0.5, "capacity": 1}}""", JsonFaultKind.DuplicateField, "mission.capacity", "duplicate field 'capacity'")]
    [TestCase("""{"mission": {"skills": [{"name": "C#", "level": "high"}]}}""", JsonFaultKind.WrongType, "mission.skills[0].level", "expected a whole number 1–5")]
    [TestCase("""{"mission": {"skills": [{"name": "C#", "level": 99999999999}]}}""", JsonFaultKind.WrongType, "mission.skills[0].level", "expected a whole number 1–5")]
    [TestCase("""{"mission": {"start": "2026-02-30"}}""", JsonFaultKind.WrongType, "mission.start", "expected a date as yyyy-MM-dd")]
    [TestCase("""{"candidates": [{"skills": {}}]}""", JsonFaultKind.WrongType, "candidates[0].skills", "expected an array of objects")]
    [TestCase("""{"mission": {"title": "\ud800"}}""", JsonFaultKind.InvalidText, "mission.title", "expected Unicode text (this string has invalid UTF-8 or an unpaired surrogate)")]
    [TestCase("""{"top": 3} {}""", JsonFaultKind.Malformed, "$", "malformed JSON")]
    [TestCase("""{"mission": {"skills": [ }""", JsonFaultKind.Malformed, "mission.skills", "malformed JSON")]
    [TestCase("", JsonFaultKind.Malformed, "$", "malformed JSON")]
    public void Each_fault_is_typed_with_its_field(string json, JsonFaultKind kind, string path, string message)
    {
        var fault = Fault(json);

        Assert.That((fault.Kind, fault.Path, fault.Message), Is.EqualTo((kind, path, message)));
    }

    [Test]
    public void Broken_syntax_carries_its_line_and_byte()
    {
        var fault = Fault("{\n  \"top\": 3,\n  \"explain\": tru\n}");

        Assert.That((fault.Kind, fault.Line, fault.Byte), Is.EqualTo((JsonFaultKind.Malformed, 3L, 17L)));
        Assert.That(fault.Sentence, Is.EqualTo("Malformed JSON (line 3, byte 17)."));
    }

    [Test]
    public void The_first_fault_in_the_document_is_named()
    {
        var fault = Fault("""{"mission": {"title": 3, "titel": "x"}, "extra": 1}""");

        Assert.That(fault.Path, Is.EqualTo("mission.title"));
    }

    [Test]
    public void A_valid_document_reads_as_the_serializer_reads_it()
    {
        var request = JsonContractErrors.Deserialize("""{"mission": {"title": "x", "capacity": 0.5}, "top": 3}"""u8, MatchingJson.Default.MatchRequest);

        Assert.That((request!.Mission!.Title, request.Mission.Capacity, request.Top), Is.EqualTo(("x", 0.5, 3)));
    }
}
