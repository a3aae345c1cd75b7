using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Barrage.Scenarios;

/// <summary>
/// A response body as JSON for JSONPath (Newtonsoft.Json's <c>SelectToken</c>: dot and bracket steps, indexes,
/// slices, wildcards, <c>..</c>, and filters such as <c>$.items[?(@.id == 2)]</c>).
/// </summary>
internal static class JsonBody
{
    // Text stays text: no dates made of strings that look like dates, numbers kept exact.
    private static readonly JsonLoadSettings LoadSettings = new() { LineInfoHandling = LineInfoHandling.Ignore };

    /// <summary>The parsed body, parsed once per response; false with the reason when it is not JSON.</summary>
    public static bool TryParse(ResponseView response, [NotNullWhen(true)] out JToken? root, [NotNullWhen(false)] out string? error)
    {
        if (response.ParsedJson is null)
            response.ParsedJson = Parse(response);
        root = response.ParsedJson as JToken;
        error = root is null ? (string)response.ParsedJson : null;
        return root is not null;
    }

    /// <summary>Null when <paramref name="path"/> is a JSONPath this library reads, otherwise why not.</summary>
    public static string? CheckPath(string path)
    {
        try
        {
            new JObject().SelectToken(path, errorWhenNoMatch: false);
            return null;
        }
        catch (JsonException e)
        {
            return $"not a valid JSONPath: {e.Message}";
        }
    }

    /// <summary>A matched value as text: strings as they are, numbers and booleans as JSON writes them, objects and lists as compact JSON.</summary>
    public static string Text(JToken token) => token switch
    {
        JValue { Type: JTokenType.String } s => (string)s.Value!,
        JValue { Type: JTokenType.Null } => "null",
        _ => token.ToString(Formatting.None),
    };

    /// <summary>
    /// Whether a matched value equals a value written in a plan: numbers by value (<c>1.0</c> equals <c>1</c>),
    /// everything else by its <see cref="Text"/>.
    /// </summary>
    public static bool Matches(JToken token, string expected)
    {
        if (token.Type is JTokenType.Integer or JTokenType.Float
            && decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            try
            {
                return token.Value<decimal>() == number;
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        return string.Equals(Text(token), expected, StringComparison.Ordinal);
    }

    private static object Parse(ResponseView response)
    {
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        try
        {
            using var reader = new JsonTextReader(new StringReader(response.BodyText))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
            };
            var root = JToken.ReadFrom(reader, LoadSettings);
            return reader.Read() && reader.TokenType != JsonToken.Comment
                ? "the body is not JSON: more content after the end of the JSON value"
                : root;
        }
        catch (JsonReaderException e)
        {
            var truncated = response.Truncated ? $" (the body was cut at {response.Body.Length} bytes)" : "";
            return $"the body is not JSON: {e.Message}{truncated}";
        }
    }
}
