using System.Text.Json.Nodes;

namespace Barrage.Scenarios;

/// <summary>Compiles a <c>json:</c> body into a <see cref="Template"/>: the JSON is fixed, strings with macros are rendered and escaped per send.</summary>
internal static class JsonTemplate
{
    public static Template Compile(JsonNode node, List<MacroError> errors) =>
        Template.FromParts(node.ToJsonString(), Parts(node, errors));

    /// <summary>Every string value in <paramref name="node"/>, for validation.</summary>
    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    private static IEnumerable<TemplatePart> Parts(JsonNode? node, List<MacroError> errors)
    {
        switch (node)
        {
            case JsonObject o:
                yield return new LiteralPart("{");
                var first = true;
                foreach (var (key, value) in o)
                {
                    var name = new System.Text.StringBuilder(first ? "" : ",");
                    EncodedPart.Json(name, key);
                    yield return new LiteralPart(name.Append(':').ToString());
                    first = false;
                    foreach (var part in Parts(value, errors))
                        yield return part;
                }
                yield return new LiteralPart("}");
                break;
            case JsonArray a:
                yield return new LiteralPart("[");
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                        yield return new LiteralPart(",");
                    foreach (var part in Parts(a[i], errors))
                        yield return part;
                }
                yield return new LiteralPart("]");
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                foreach (var part in EncodedPart.Encode(Template.Parse(s, errors), EncodedPart.Json))
                    yield return part;
                break;
            case null:
                yield return new LiteralPart("null");
                break;
            default:
                yield return new LiteralPart(node.ToJsonString());
                break;
        }
    }
}
