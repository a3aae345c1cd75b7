using System.Text.RegularExpressions;
using Barrage.Scenarios;
using Barrage.Scenarios.Extraction;

namespace Barrage.Plans.Yaml;

/// <summary>
/// Reads a request's <c>extract:</c>, a mapping of variable names to where their value is found:
/// <c>{ token: { json: "$.token" }, id: { regex: "id=(\d+)", group: 1 } }</c>, with <c>header</c>, <c>cookie</c>,
/// <c>xpath</c> and <c>css</c> (these two take an optional <c>attribute</c>), and for any of them <c>default</c> and
/// <c>on_failure</c>. Patterns, paths and selectors are compiled here, so their mistakes are reported with the plan's.
/// </summary>
internal static class ExtractSchema
{
    /// <summary>The sources a value can be extracted from.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["json", "regex", "header", "cookie", "xpath", "css"];

    private static readonly MapSchema<Draft> Fields = new MapSchema<Draft>()
        .Field("json", (d, v, r) => r.Text(v, JsonPathQuery.Check) is { } p ? d with { Make = (n, a, _, f) => new JsonExtractor(n, a, JsonPathQuery.Parse(p)) { Default = f } } : d)
        .Field("regex", (d, v, r) => CheckSchema.ReadRegex(v, r) is { } p ? d with { Pattern = p, Make = (n, a, g, f) => new RegexExtractor(n, a, p, g ?? RegexExtractor.DefaultGroup(p)) { Default = f } } : d)
        .Field("header", (d, v, r) => r.Text(v, PlanRules.CheckHeaderName) is { } h ? d with { Make = (n, a, _, f) => new HeaderExtractor(n, a, h) { Default = f } } : d)
        .Field("cookie", (d, v, r) => r.Text(v, CheckCookieName) is { } c ? d with { Make = (n, a, _, f) => new CookieExtractor(n, a, c) { Default = f } } : d)
        .Field("xpath", (d, v, r) => r.Text(v, XPathExtractor.CheckXPath) is { } x ? d with { Make = (n, a, at, f) => new XPathExtractor(n, a, x, at) { Default = f } } : d)
        .Field("css", (d, v, r) => r.Text(v, CssExtractor.CheckSelector) is { } s ? d with { Make = (n, a, at, f) => new CssExtractor(n, a, s, at) { Default = f } } : d)
        .Field("group", (d, v, r) => r.Text(v) is { } g ? d with { Group = g } : d)
        .Field("attribute", (d, v, r) => r.Text(v) is { } a ? d with { Attribute = a } : d)
        .Field("default", (d, v, r) => r.Text(v) is { } t ? d with { Default = t } : d)
        .Field("on_failure", (d, v, r) => r.Choice(v, CheckSchema.FailureActions) is { } a ? d with { OnFailure = a } : d)
        .Check(CheckDraft);

    /// <summary>Reads <c>extract:</c>; nothing for null. Mistakes go to <paramref name="reader"/>.</summary>
    public static IReadOnlyList<Extractor> Read(YamlValue value, NodeReader reader) => NamedEntries.Read(
        value, reader, VariableName, "a mapping of variable names to sources, such as { token: { json: \"$.token\" } }",
        (name, _, entry) => Fields.Read(entry, new Draft(), reader) is { Make: { } make } draft
            ? make(name, draft.OnFailure, draft.Pattern is null ? draft.Attribute : draft.Group, draft.Default)
            : null);

    /// <summary>Null when <paramref name="name"/> can name a variable (a letter or '_', then letters, digits, '_', '-' or '.'), otherwise why not.</summary>
    public static string? VariableName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? null
            : $"{PlanRules.Quote(name)} cannot name a variable: use letters, digits, '_', '-' and '.', starting with a letter or '_'";

    private static void CheckDraft(Draft draft, MappingNode map, string path, NodeReader reader)
    {
        var kinds = map.Entries.Where(e => e.Key is ScalarNode { IsNull: false } k && Kinds.Contains(k.Value)).ToList();
        if (kinds.Count == 0)
            reader.Error(map, $"{path}: needs where to find the value, one of: {string.Join(", ", Kinds)}");
        else if (kinds.Count > 1)
            reader.Error(kinds[1].Key, $"{path}: a variable has one source, found {string.Join(" and ", kinds.Select(e => $"'{((ScalarNode)e.Key).Value}'"))}");
        var kind = kinds.Count == 1 ? ((ScalarNode)kinds[0].Key).Value : null;
        if (map.Find("group") is { } group && kind is not null and not "regex")
            reader.Error(group, $"{YamlValue.Join(path, "group")}: 'group' goes with 'regex', not '{kind}'");
        else if (map.Find("group") is not null && draft.Pattern is { } pattern && draft.Group is { } g && !HasGroup(pattern, g))
            reader.Error(map.Find("group")!, $"{YamlValue.Join(path, "group")}: /{pattern}/ has no group {PlanRules.Quote(g)}");
        if (map.Find("attribute") is { } attribute && kind is not null and not ("xpath" or "css"))
            reader.Error(attribute, $"{YamlValue.Join(path, "attribute")}: 'attribute' goes with 'xpath' or 'css', not '{kind}'");
    }

    private static bool HasGroup(Regex pattern, string group) =>
        int.TryParse(group, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? pattern.GetGroupNumbers().Contains(number)
            : pattern.GetGroupNames().Contains(group, StringComparer.Ordinal);

    private static string? CheckCookieName(string name) => PlanRules.CheckHeaderName(name) is null ? null : $"{PlanRules.Quote(name)} is not a valid cookie name";

    private sealed record Draft
    {
        /// <summary>Makes the extractor from its variable, failure action, group (regex) or attribute (xpath, css), and default.</summary>
        public Func<string, CheckFailureAction, string?, string?, Extractor>? Make { get; init; }

        public Regex? Pattern { get; init; }

        public string? Group { get; init; }

        public string? Attribute { get; init; }

        public string? Default { get; init; }

        public CheckFailureAction OnFailure { get; init; } = CheckFailureAction.Continue;
    }
}
