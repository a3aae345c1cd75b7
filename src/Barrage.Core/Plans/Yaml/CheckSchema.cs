using System.Text.RegularExpressions;
using Barrage.Scenarios;
using Barrage.Scenarios.Checks;

namespace Barrage.Plans.Yaml;

/// <summary>
/// Reads a request's <c>check:</c> into compiled <see cref="Check"/>s: a mapping of kinds
/// (<c>{ status: 200, json: "$.items[0]" }</c>) or a list of them, each with an optional <c>on_failure</c> and, when it
/// holds one kind, a <c>name</c>. Regexes and JSONPaths are compiled here, so their mistakes are reported with the plan's.
/// </summary>
internal static class CheckSchema
{
    /// <summary>The names of <c>on_failure</c> values.</summary>
    public static readonly IReadOnlyDictionary<string, CheckFailureAction> FailureActions = new Dictionary<string, CheckFailureAction>(StringComparer.Ordinal)
    {
        ["continue"] = CheckFailureAction.Continue,
        ["abort_iteration"] = CheckFailureAction.AbortIteration,
        ["stop_user"] = CheckFailureAction.StopUser,
        ["stop_test"] = CheckFailureAction.StopTest,
    };

    private static readonly MapSchema<JsonDraft> JsonFields = new MapSchema<JsonDraft>()
        .Required("path", (d, v, r) => r.Text(v, JsonPathQuery.Check) is { } p ? d with { Path = p } : d)
        .Field("equals", (d, v, r) => r.Template(v) is { } e ? d with { EqualsValue = e } : d);

    private static readonly MapSchema<HeaderDraft> HeaderFields = new MapSchema<HeaderDraft>()
        .Required("name", (d, v, r) => r.Text(v, PlanRules.CheckHeaderName) is { } n ? d with { Name = n } : d)
        .Field("equals", (d, v, r) => r.Template(v) is { } e ? d with { EqualsValue = e } : d)
        .Field("regex", (d, v, r) => ReadRegex(v, r) is { } p ? d with { Pattern = p } : d)
        .Check((d, map, path, r) =>
        {
            if (map.Find("equals") is not null && map.Find("regex") is { } regex)
                r.Error(regex, $"{path}: use 'equals' or 'regex', not both");
        });

    private static readonly MapSchema<Draft> Fields = new MapSchema<Draft>()
        .Field("status", (d, v, r) => ReadStatus(v, r) is { } c ? d.With(c) : d.Broken())
        .Field("body_contains", (d, v, r) => r.Template(v) is { } t
            ? d.With(new Maker($"body_contains {PlanRules.Quote(t)}", (n, a) => new BodyContainsCheck(n, a, t, macros: true)))
            : d.Broken())
        .Field("body_regex", (d, v, r) => ReadRegex(v, r) is { } p
            ? d.With(new Maker($"body_regex /{p}/", (n, a) => new BodyRegexCheck(n, a, p)))
            : d.Broken())
        .Field("json", (d, v, r) => ReadJson(v, r) is { } j ? d.With(j) : d.Broken())
        .Field("header", (d, v, r) => ReadHeader(v, r) is { } h ? d.With(h) : d.Broken())
        .Field("max_time", (d, v, r) => r.Duration(v, allowZero: false) is { } t
            ? d.With(new Maker($"max_time {Durations.Format(t)}", (n, a) => new MaxTimeCheck(n, a, t)))
            : d.Broken())
        .Field("name", (d, v, r) => r.Text(v, CheckName) is { } n ? d with { Name = n } : d)
        .Field("on_failure", (d, v, r) => r.Choice(v, FailureActions) is { } a ? d with { OnFailure = a } : d)
        .Check(CheckDraft);

    /// <summary>The check kinds, for messages and suggestions.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["status", "body_contains", "body_regex", "json", "header", "max_time"];

    /// <summary>Reads <c>check:</c>: a mapping, or a list of mappings; nothing for null. Mistakes go to <paramref name="reader"/>.</summary>
    public static IReadOnlyList<Check> Read(YamlValue value, NodeReader reader)
    {
        switch (value.Node)
        {
            case ScalarNode { IsNull: true }:
                return [];
            case SequenceNode:
                return [.. reader.List(value, (item, r) => ReadOne(item, r)).SelectMany(c => c)];
            case MappingNode:
                return ReadOne(value, reader) ?? [];
            default:
                reader.Expected(value, "a mapping of checks such as { status: 200 }, or a list of them");
                return [];
        }
    }

    /// <summary>A regex as plans write them: .NET syntax, culture-invariant, compiled, with a one-second match timeout.</summary>
    public static Regex? ReadRegex(YamlValue value, NodeReader reader)
    {
        if (reader.Text(value) is not { } text)
            return null;
        if (text.Contains("${", StringComparison.Ordinal))
        {
            // As a regex, "${id}" is an end of text followed by "{id}": it can never match, so it is surely a macro.
            reader.Error(value, $"a regex cannot hold macros, got {PlanRules.Quote(text)}; to find a variable's value, check with body_contains: \"${{name}}\" (or json / header equals), and write \\$\\{{ for the text '${{'");
            return null;
        }
        try
        {
            return new Regex(text, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            reader.Error(value, $"not a valid regex: {e.Message}");
            return null;
        }
    }

    private static List<Check>? ReadOne(YamlValue value, NodeReader reader)
    {
        var draft = Fields.Read(value, new Draft(), reader);
        if (draft.Failed)
            return null;
        return [.. draft.Makers.Select(m => m.Make(draft.Name ?? m.DerivedName, draft.OnFailure))];
    }

    private static void CheckDraft(Draft draft, MappingNode map, string path, NodeReader reader)
    {
        var kinds = map.Entries.Count(e => e.Key is ScalarNode { IsNull: false } k && Kinds.Contains(k.Value));
        if (kinds == 0)
            reader.Error(map, $"{(path.Length == 0 ? "" : path + ": ")}a check needs one of: {string.Join(", ", Kinds)}");
        else if (kinds > 1 && map.Find("name") is { } name)
            reader.Error(name, $"{YamlValue.Join(path, "name")}: a name is for one check, but this mapping holds {kinds}; write them as a list with a name each");
    }

    private static Maker? ReadStatus(YamlValue value, NodeReader reader)
    {
        var items = value.Node is SequenceNode
            ? reader.List(value, (item, r) => ReadStatusItem(item, r))
            : ReadStatusItem(value, reader) is { } one ? [one] : [];
        if (items.Count == 0)
        {
            if (value.Node is SequenceNode { Items.Count: 0 })
                reader.Error(value, "needs at least one status, such as 200 or 2xx");
            return null;
        }
        if (value.Node is SequenceNode seq && items.Count != seq.Items.Count)
            return null;
        var ranges = items.Select(i => (i.From, i.To)).ToList();
        var texts = items.Select(i => i.Text).ToList();
        var expected = texts.Count == 1 ? texts[0] : $"{string.Join(", ", texts.SkipLast(1))} or {texts[^1]}";
        return new Maker($"status {string.Join(",", texts)}", (n, a) => new StatusCheck(n, a, ranges, expected));
    }

    private static StatusItem? ReadStatusItem(YamlValue value, NodeReader reader)
    {
        if (reader.Text(value) is not { } text)
            return null;
        if (text.Length == 3 && text[0] is >= '1' and <= '5' && text[1..].Equals("xx", StringComparison.OrdinalIgnoreCase))
        {
            var hundred = (text[0] - '0') * 100;
            return new StatusItem(hundred, hundred + 99, $"{text[0]}xx");
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
            return new StatusItem(code, code, text);
        reader.Error(value, $"expected a status code from 100 to 599 or a class such as 2xx, got {PlanRules.Quote(text)}");
        return null;
    }

    private static Maker? ReadJson(YamlValue value, NodeReader reader)
    {
        var draft = value.Node is MappingNode
            ? JsonFields.Read(value, new JsonDraft(), reader)
            : reader.Text(value, JsonPathQuery.Check) is { } path ? new JsonDraft { Path = path } : new JsonDraft();
        if (draft.Path is not { } p)
            return null;
        var (equals, query) = (draft.EqualsValue, JsonPathQuery.Parse(p));
        return new Maker(equals is null ? $"json {p}" : $"json {p} == {equals}", (n, a) => new JsonCheck(n, a, query, equals, macros: true));
    }

    private static Maker? ReadHeader(YamlValue value, NodeReader reader)
    {
        var draft = value.Node is MappingNode
            ? HeaderFields.Read(value, new HeaderDraft(), reader)
            : reader.Text(value, PlanRules.CheckHeaderName) is { } name ? new HeaderDraft { Name = name } : new HeaderDraft();
        if (draft.Name is not { } header)
            return null;
        var (equals, pattern) = (draft.EqualsValue, draft.Pattern);
        var derived = equals is not null ? $"header {header} == {equals}" : pattern is not null ? $"header {header} ~ /{pattern}/" : $"header {header}";
        return new Maker(derived, (n, a) => new HeaderCheck(n, a, header, equals, pattern, macros: true));
    }

    private static string? CheckName(string name) => PlanRules.CheckTag(name) is { } error ? error.Replace("tag", "check name", StringComparison.Ordinal) : null;

    /// <summary>A check waiting for its name and failure action, which may come later in the same mapping.</summary>
    private sealed record Maker(string DerivedName, Func<string, CheckFailureAction, Check> Make);

    private sealed record StatusItem(int From, int To, string Text);

    private sealed record JsonDraft
    {
        public string? Path { get; init; }

        public string? EqualsValue { get; init; }
    }

    private sealed record HeaderDraft
    {
        public string? Name { get; init; }

        public string? EqualsValue { get; init; }

        public Regex? Pattern { get; init; }
    }

    private sealed record Draft
    {
        public IReadOnlyList<Maker> Makers { get; init; } = [];

        public string? Name { get; init; }

        public CheckFailureAction OnFailure { get; init; } = CheckFailureAction.Continue;

        /// <summary>A kind had a mistake: the mapping makes no checks (the mistake is reported already).</summary>
        public bool Failed { get; init; }

        public Draft With(Maker maker) => this with { Makers = [.. Makers, maker] };

        public Draft Broken() => this with { Failed = true };
    }
}
