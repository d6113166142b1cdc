namespace Matching.Core.Validation;

/// <summary>Errors keyed by the JSON path of the field at fault, e.g. <c>candidates[3].skills[0].level</c>.</summary>
public sealed class ValidationErrors
{
    /// <summary>A client sending 10,000 bad candidates gets the first errors, not a 5 MB error body.</summary>
    public const int MaxReported = 100;

    readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public bool IsEmpty => Count == 0;

    public void Add(FieldPath path, string message) => Add(path.ToString(), message);

    public void Add(string path, string message)
    {
        Count++;
        if (errors.Count >= MaxReported && !errors.ContainsKey(path))
        {
            return;
        }

        if (!errors.TryGetValue(path, out var messages))
        {
            errors[path] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Adds another set's errors after these, in their order.</summary>
    public void Add(ValidationErrors other)
    {
        foreach (var (path, messages) in other.errors)
        {
            foreach (var message in messages)
            {
                Add(path, message);
            }
        }

        Count += other.Count - other.errors.Values.Sum(m => m.Count);
    }

    public IDictionary<string, string[]> ToDictionary()
    {
        var result = errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        if (Count > result.Values.Sum(m => m.Length))
        {
            result["$"] = [$"{Count} errors in all; only the first {MaxReported} fields are listed."];
        }

        return result;
    }

    public override string ToString() =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
}
