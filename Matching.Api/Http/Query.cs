using System.Globalization;

namespace Matching.Api.Http;

/// <summary>
/// Query-string values parsed by the handlers themselves, so that "top=1.5" is a 400 naming <c>top</c> and saying
/// what belongs there, instead of a parameter-binding failure that names nothing.
/// </summary>
static class Query
{
    /// <summary>
    /// An endpoint filter: every query parameter takes one value, so one given twice is a 400 naming it. Binding
    /// would join <c>q=py&amp;q=ja</c> into "py,ja" and answer for a prefix nobody sent.
    /// </summary>
    public static async ValueTask<object?> OneValueEach(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (name, values) in context.HttpContext.Request.Query)
        {
            if (values.Count > 1)
            {
                return ValidationProblems.Field(name, "Give this parameter once.", ValidationProblems.QueryParameters);
            }
        }

        return await next(context);
    }

    /// <summary>True with null for an absent value; false for text that is not a whole number.</summary>
    public static bool TryWholeNumber(string? text, out int? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    /// <summary>True with null for an absent value; false for anything but true or false.</summary>
    public static bool TryBoolean(string? text, out bool? value)
    {
        value = text switch
        {
            null => null,
            "true" or "True" => true,
            "false" or "False" => false,
            _ => null,
        };
        return text is null || value is not null;
    }
}
