using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Barrage.Formats.Imports;

/// <summary>
/// Builds the YAML of an imported plan. Importers write the plan syntax directly (not through the Plan
/// model) so the file reads like one a person wrote: shorthand request keys, only the options that are set.
/// </summary>
internal static class PlanYaml
{
    /// <summary>The request keys that have a shorthand form (<c>get: /path</c>); other methods use <c>request: {method, url}</c>.</summary>
    private static readonly HashSet<string> Shorthand = new(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

    public static YamlScalarNode Scalar(string value)
    {
        var node = new YamlScalarNode(value);
        // Quote what a plain scalar would turn into something else (numbers, booleans, nulls) or break.
        if (value.Length == 0 || value.Contains('\n', StringComparison.Ordinal) || LooksTyped(value))
            node.Style = value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
        return node;
    }

    /// <summary>Recorded text as a plan's text: a literal <c>${</c> is written <c>$${</c>, so it is not taken for a macro.</summary>
    public static string Literal(string text) => text.Replace("${", "$${", StringComparison.Ordinal);

    /// <summary>One request activity: <c>get: /path</c> with its tag, headers and body beside it.</summary>
    public static YamlMappingNode Request(string method, string url, string? tag,
        IReadOnlyList<KeyValuePair<string, string>> headers, string? body)
    {
        var activity = new YamlMappingNode();
        // The shorthand keeps options beside the method key; the long form holds everything inside "request".
        var node = activity;
        if (Shorthand.Contains(method))
            activity.Add(method.ToLowerInvariant(), Scalar(url));
        else
            activity.Add("request", node = new YamlMappingNode { { "method", Scalar(method) }, { "url", Scalar(url) } });
        if (!string.IsNullOrEmpty(tag))
            node.Add("tag", Scalar(tag));
        if (headers.Count > 0)
        {
            var map = new YamlMappingNode();
            foreach (var (name, value) in headers)
            {
                if (!map.Children.ContainsKey(new YamlScalarNode(name)))
                    map.Add(Scalar(name), Scalar(value));
            }
            node.Add("headers", map);
        }
        if (body is not null)
            node.Add("body", Scalar(body));
        return activity;
    }

    /// <summary>Where a request activity's options go: beside a shorthand key, inside the long form's <c>request</c>.</summary>
    public static YamlMappingNode Options(YamlMappingNode activity) =>
        activity.Children.TryGetValue(new YamlScalarNode("request"), out var inner) && inner is YamlMappingNode map ? map : activity;

    /// <summary>The load an imported plan starts with: small and short, for the user to set to what they need.</summary>
    public static YamlMappingNode DefaultLoad() => new() { { "model", "closed" }, { "users", "10" }, { "duration", "1m" } };

    /// <summary>The plan text: comment lines (provenance, warnings) then the document.</summary>
    public static string Write(YamlMappingNode plan, IEnumerable<string> comments)
    {
        var text = new StringBuilder();
        foreach (var comment in comments)
        {
            foreach (var line in comment.Split('\n'))
                text.Append("# ").Append(line.TrimEnd()).Append('\n');
        }
        using var writer = new StringWriter(text);
        new YamlStream(new YamlDocument(plan)).Save(writer, assignAnchors: false);
        var yaml = text.ToString();
        // YamlStream ends each document with "...", which a person reading the plan does not need.
        return yaml.EndsWith("...\n", StringComparison.Ordinal) ? yaml[..^4] : yaml;
    }

    private static bool LooksTyped(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
        || value is "true" or "false" or "True" or "False" or "null" or "~" or "yes" or "no" or "on" or "off"
        || value.Trim() != value;
}
