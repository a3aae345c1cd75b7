using System.Globalization;
using System.Text.Json.Nodes;

namespace Barrage.Plans.Yaml;

/// <summary>
/// Reads a <c>json:</c> body written as YAML into JSON: plain numbers, <c>true</c>, <c>false</c> and null keep their
/// type, everything else is text (which may hold macros). A JSON document written as one string is parsed as JSON.
/// </summary>
internal static class JsonField
{
    public static JsonNode? Read(YamlValue value, NodeReader reader)
    {
        switch (value.Node)
        {
            case ScalarNode { IsNull: true }:
                return null;
            case ScalarNode { IsPlain: true } s when s.Value is "true" or "false":
                return JsonValue.Create(s.Value == "true");
            case ScalarNode { IsPlain: true } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n):
                return JsonValue.Create(n);
            case ScalarNode { IsPlain: true } s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                return JsonValue.Create(d);
            case ScalarNode s:
                reader.Macros.Add(new MacroText(value, s.Value, IsCondition: false));
                return JsonValue.Create(s.Value);
            case SequenceNode seq:
                var array = new JsonArray();
                for (var i = 0; i < seq.Items.Count; i++)
                    array.Add(Read(new YamlValue(seq.Items[i], $"{value.Path}[{i}]"), reader));
                return array;
            default:
                var map = (MappingNode)value.Node;
                var obj = new JsonObject();
                var seen = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
                foreach (var (keyNode, item) in map.Entries)
                {
                    if (reader.Key(keyNode, value.Path) is not { } key)
                        continue;
                    if (seen.TryGetValue(key, out var first))
                    {
                        reader.Duplicate(keyNode, YamlValue.Join(value.Path, key), first);
                        continue;
                    }
                    seen.Add(key, keyNode);
                    obj[key] = Read(new YamlValue(item, YamlValue.Join(value.Path, key)), reader);
                }
                return obj;
        }
    }
}
