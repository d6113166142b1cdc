namespace Matching.Core.Validation;

/// <summary>
/// Where a field sits in the request, e.g. <c>candidates[3].skills[0].level</c>, spelt out only when an
/// error is reported: a valid 10,000-candidate request would otherwise build a million path strings.
/// </summary>
public readonly struct FieldPath
{
    readonly string root;
    readonly int rootIndex;
    readonly string? collection;
    readonly int index;
    readonly string? field;

    FieldPath(string root, int rootIndex, string? collection, int index, string? field)
    {
        this.root = root;
        this.rootIndex = rootIndex;
        this.collection = collection;
        this.index = index;
        this.field = field;
    }

    public static FieldPath Root(string root) => new(root, -1, null, -1, null);

    /// <summary>"$.candidates[3].skills[0].level" → "candidates[3].skills[0].level", as problems and messages name fields; "$", the whole document, stays.</summary>
    public static string WithoutRoot(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>An element of a top-level list as the root, such as <c>candidates[3]</c>.</summary>
    public static FieldPath Root(string list, int at) => new(list, at, null, -1, null);

    /// <summary>An element of a list under the root, such as <c>skills[2]</c>.</summary>
    public FieldPath Item(string list, int at) => new(root, rootIndex, list, at, null);

    /// <summary>The list itself, or a field of the root or of the current element.</summary>
    public FieldPath Field(string name) => new(root, rootIndex, collection, index, name);

    public override string ToString()
    {
        var path = rootIndex >= 0 ? $"{root}[{rootIndex}]" : root;
        if (collection is not null)
        {
            path = $"{path}.{collection}";
            if (index >= 0)
            {
                path = $"{path}[{index}]";
            }
        }

        return field is null ? path : $"{path}.{field}";
    }
}
