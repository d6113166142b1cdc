using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Core.Contracts;

namespace Matching.Tests.Validation;

/// <summary>
/// The hand-written candidate reader against the contract it mirrors: every property of every type a candidate
/// holds is given a value, and the reader must read what the serializer reads. A field added to the contract
/// and forgotten by the reader fails here.
/// </summary>
public class CandidateReaderContractTests
{
    /// <summary>A JSON value for a property, by its type; lists hold one item built the same way.</summary>
    static JsonNode? Value(Type type, string name)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return name is "Location" ? "Lyon" : $"{name.ToLowerInvariant()} value";
        }

        if (type == typeof(int))
        {
            return name is "Level" or "Rating" ? 3 : 2;
        }

        if (type == typeof(double))
        {
            return name is "Capacity" ? 0.5 : 4.5;
        }

        if (type == typeof(DateOnly))
        {
            return name is "End" or "To" ? "2025-06-30" : "2024-01-15";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var item = type.GetGenericArguments()[0];
            return new JsonArray(item == typeof(string) ? (name is "Languages" ? "fr" : "Python") : Object(item));
        }

        return Object(type);
    }

    static JsonObject Object(Type type)
    {
        var json = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            json[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = Value(property.PropertyType, property.Name);
        }

        return json;
    }

    [Test]
    public void The_reader_reads_every_field_of_the_contract_as_the_serializer_does()
    {
        var json = Object(typeof(Candidate)).ToJsonString();

        var bySerializer = JsonSerializer.Deserialize(json, MatchingJson.Default.Candidate)!;
        var byReader = CandidateJsonReader.Read(Encoding.UTF8.GetBytes(json), new StringPool())!;

        Assert.That(JsonSerializer.Serialize(byReader, MatchingJson.Default.Candidate), Is.EqualTo(JsonSerializer.Serialize(bySerializer, MatchingJson.Default.Candidate)));
        // Every property was set, so a field the reader skipped would show as missing above; and none is left null.
        foreach (var property in typeof(Candidate).GetProperties())
        {
            Assert.That(property.GetValue(byReader), Is.Not.Null, property.Name);
        }
    }

    [Test]
    public void A_field_the_contract_does_not_have_is_refused_by_both()
    {
        var json = Object(typeof(Candidate));
        json["experiences"]![0]!["mandatroy"] = true;
        var text = json.ToJsonString();

        Assert.That(() => JsonSerializer.Deserialize(text, MatchingJson.Default.Candidate), Throws.InstanceOf<JsonException>());
        Assert.That(() => CandidateJsonReader.Read(Encoding.UTF8.GetBytes(text), new StringPool()), Throws.InstanceOf<ContractException>().With.Property("Fault").Property("Path").Contains("mandatroy"));
    }

    [Test]
    public void Escaped_dates_and_names_read_as_the_serializer_reads_them()
    {
        // "\u002D" is "-": JSON allows any character escaped, and the mission's dates (read by the serializer) accept it.
        var json = Object(typeof(Candidate)).ToJsonString()
            .Replace("\"2024-01-15\"", "\"2024\\u002D01\\u002D15\"")
            .Replace("\"Python\"", "\"Pyth\\u006Fn\"");
        Assert.That(json, Does.Contain("\\u002D"));

        var bySerializer = JsonSerializer.Deserialize(json, MatchingJson.Default.Candidate)!;
        var byReader = CandidateJsonReader.Read(Encoding.UTF8.GetBytes(json), new StringPool())!;

        Assert.That(JsonSerializer.Serialize(byReader, MatchingJson.Default.Candidate), Is.EqualTo(JsonSerializer.Serialize(bySerializer, MatchingJson.Default.Candidate)));
        Assert.That(byReader.Availability![0].From, Is.EqualTo(new DateOnly(2024, 1, 15)));
    }

    [TestCase("\"2024\\u002D13\\u002D01\"")]
    [TestCase("\"\\u0032024-01-15 \"")]
    public void An_escaped_date_that_is_not_a_date_is_refused_by_both(string date)
    {
        var json = Object(typeof(Candidate)).ToJsonString().Replace("\"2024-01-15\"", date);

        Assert.That(() => JsonSerializer.Deserialize(json, MatchingJson.Default.Candidate), Throws.InstanceOf<JsonException>());
        Assert.That(() => CandidateJsonReader.Read(Encoding.UTF8.GetBytes(json), new StringPool()), Throws.InstanceOf<ContractException>());
    }
}
