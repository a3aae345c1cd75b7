using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Barrage.Scenarios;

/// <summary>
/// A compiled JSONPath, answering with its first match. Paths of plain steps (<c>$.items[0].id</c>, <c>$['a b']</c>,
/// <c>[*]</c>, <c>.*</c>) are walked over System.Text.Json, which parses a body about ten times faster; any other
/// path (filters <c>[?(@.id == 2)]</c>, <c>..</c>, slices, unions) goes to Newtonsoft.Json's full JSONPath, on a
/// second parse of the body made only for such paths. Both give the same answers where both apply.
/// </summary>
internal sealed class JsonPathQuery
{
    private static readonly JsonLoadSettings NetLoadSettings = new() { LineInfoHandling = LineInfoHandling.Ignore };

    private readonly Step[]? _steps; // null: Newtonsoft.Json evaluates the path

    private JsonPathQuery(string path, Step[]? steps)
    {
        Path = path;
        _steps = steps;
    }

    /// <summary>The path as written.</summary>
    public string Path { get; }

    /// <summary>True when the path is walked over System.Text.Json (the fast way).</summary>
    public bool IsPlain => _steps is not null;

    /// <summary>Null when <paramref name="path"/> is a JSONPath, otherwise why not.</summary>
    public static string? Check(string path)
    {
        try
        {
            // SelectTokens parses the path at once; evaluating it on an empty object costs nothing.
            _ = new JObject().SelectTokens(path, errorWhenNoMatch: false).FirstOrDefault();
            return null;
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            return $"not a valid JSONPath: {e.Message}";
        }
    }

    /// <summary>Compiles <paramref name="path"/>.</summary>
    /// <param name="path">The JSONPath.</param>
    /// <param name="allowPlain">False to have Newtonsoft.Json evaluate even a plain path (tests compare the two ways).</param>
    /// <exception cref="ArgumentException">The path is not a JSONPath (see <see cref="Check"/>).</exception>
    public static JsonPathQuery Parse(string path, bool allowPlain = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Check(path) is { } error)
            throw new ArgumentException(error, nameof(path));
        return new JsonPathQuery(path, allowPlain ? PlainSteps(path) : null);
    }

    /// <summary>Null and the first match, or why there is none (<c>$.a matched nothing</c>, the body is not JSON...).</summary>
    public string? Find(ResponseView response, out JsonFound found)
    {
        found = default;
        if (_steps is null)
            return FindWithNewtonsoft(response, out found);
        if (!JsonBody.TryParse(response, out var root, out var error))
            return error;
        if (!First(root, 0, out var match))
            return $"{Path} matched nothing{ResponseText.TruncatedNote(response)}";
        found = JsonBody.Found(match);
        return null;
    }

    private bool First(JsonElement element, int step, out JsonElement match)
    {
        if (step == _steps!.Length)
        {
            match = element;
            return true;
        }
        var s = _steps[step];
        switch (s.Kind)
        {
            case StepKind.Name when element.ValueKind == JsonValueKind.Object && element.TryGetProperty(s.Name!, out var child):
                return First(child, step + 1, out match);
            case StepKind.Index when element.ValueKind == JsonValueKind.Array && s.Index < element.GetArrayLength():
                return First(element[s.Index], step + 1, out match);
            case StepKind.Wildcard when element.ValueKind == JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (First(property.Value, step + 1, out match))
                        return true;
                }
                break;
            case StepKind.Wildcard when element.ValueKind == JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (First(item, step + 1, out match))
                        return true;
                }
                break;
        }
        match = default;
        return false;
    }

    private string? FindWithNewtonsoft(ResponseView response, out JsonFound found)
    {
        found = default;
        response.ParsedJsonNet ??= ParseWithNewtonsoft(response);
        if (response.ParsedJsonNet is not JToken root)
            return (string)response.ParsedJsonNet;
        if (root.SelectTokens(Path, errorWhenNoMatch: false).FirstOrDefault() is not { } token)
            return $"{Path} matched nothing{ResponseText.TruncatedNote(response)}";
        found = token switch
        {
            JValue { Type: JTokenType.String } s => new JsonFound((string)s.Value!, false),
            _ => new JsonFound(token.ToString(Formatting.None), token.Type is JTokenType.Integer or JTokenType.Float),
        };
        return null;
    }

    private static object ParseWithNewtonsoft(ResponseView response)
    {
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        try
        {
            // Text stays text (no dates made of strings that look like dates), numbers keep their digits.
            using var reader = new JsonTextReader(new StringReader(response.BodyText))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
            };
            return JToken.ReadFrom(reader, NetLoadSettings);
        }
        catch (JsonReaderException e)
        {
            return $"the body is not JSON: {e.Message}{ResponseText.TruncatedNote(response)}";
        }
    }

    // $ followed by .name, .*, ['name'], [N] and [*] only; null for anything else.
    private static Step[]? PlainSteps(string path)
    {
        if (path.Length == 0 || path[0] != '$')
            return null;
        var steps = new List<Step>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                if (i < path.Length && path[i] == '*')
                {
                    steps.Add(new Step(StepKind.Wildcard, null, 0));
                    i++;
                    continue;
                }
                var end = path.IndexOfAny(['.', '['], i);
                var name = end < 0 ? path[i..] : path[i..end];
                if (name.Length == 0 || name.Any(c => c is ']' or '(' or ')' or '?' or '@' or '\'' or '"' or '*' or ',' or ':' or '\\' || char.IsWhiteSpace(c)))
                    return null;
                steps.Add(new Step(StepKind.Name, name, 0));
                i = end < 0 ? path.Length : end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                    return null;
                var inside = path[(i + 1)..close];
                if (inside == "*")
                    steps.Add(new Step(StepKind.Wildcard, null, 0));
                else if (inside.Length >= 2 && inside[0] == '\'' && inside[^1] == '\'' && inside[1..^1].IndexOfAny(['\'', '\\']) < 0)
                    steps.Add(new Step(StepKind.Name, inside[1..^1], 0));
                else if (inside.Length is > 0 and < 10 && inside.All(char.IsAsciiDigit))
                    steps.Add(new Step(StepKind.Index, null, int.Parse(inside, System.Globalization.CultureInfo.InvariantCulture)));
                else
                    return null;
                i = close + 1;
            }
            else
            {
                return null;
            }
        }
        return [.. steps];
    }

    private enum StepKind : byte
    {
        Name,
        Index,
        Wildcard,
    }

    private readonly record struct Step(StepKind Kind, string? Name, int Index);
}
