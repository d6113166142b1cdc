using System.Globalization;

namespace Matching.Core.Model;

/// <summary>One evaluation round as libxgboost printed it, and its metric values keyed like <c>validation-ndcg@10</c>.</summary>
public sealed record Evaluation(string Text, IReadOnlyDictionary<string, double> Metrics)
{
    public static Evaluation Parse(string text)
    {
        var metrics = new Dictionary<string, double>();
        foreach (var field in text.Split('\t').Skip(1))
        {
            var colon = field.LastIndexOf(':');
            if (colon <= 0 || !double.TryParse(field.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"Unexpected evaluation field '{field}' in '{text}'.");
            }
            metrics[field[..colon]] = value;
        }
        return new Evaluation(text, metrics);
    }
}
