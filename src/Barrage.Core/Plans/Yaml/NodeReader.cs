using System.Globalization;

namespace Barrage.Plans.Yaml;

/// <summary>
/// Reads typed values out of nodes and collects every mistake as a <see cref="PlanError"/> instead of stopping.
/// </summary>
/// <remarks>
/// Each reader returns null (or an empty list) after recording an error, so callers simply keep the
/// default and carry on; the plan is thrown away at the end if anything was recorded.
/// </remarks>
internal sealed class NodeReader
{
    public List<PlanError> Errors { get; } = [];

    /// <summary>
    /// The activity kinds the plan's plugins add, by YAML key, each with the load it came from (which the plan's
    /// activities of that kind hold, keeping the plugin loaded); filled before the scenario is read.
    /// </summary>
    public Dictionary<string, (Scenarios.IActivityPlugin Plugin, Scenarios.PluginLoad From)> Plugins { get; } = new(StringComparer.Ordinal);

    /// <summary>True when a plugin of the plan could not be loaded: an unknown activity may be one of its kinds.</summary>
    public bool PluginFailed { get; set; }

    /// <summary>The plugin files loaded, as full paths, in the order listed.</summary>
    public List<string> PluginFiles { get; } = [];

    /// <summary>
    /// Where a file the plan names (data, body, upload, ammo, plugin), resolved to a full path, is read from instead
    /// (a cluster agent's copy that came with the plan); null: from there.
    /// </summary>
    public Func<string, string>? FileLocation { get; init; }

    /// <summary>Texts that may hold macros (and conditions), kept with their nodes so their mistakes point inside them.</summary>
    public List<MacroText> Macros { get; } = [];

    /// <summary>Text that may hold macros (<c>${name}</c>); checked once the whole plan is read.</summary>
    public string? Template(YamlValue value, Func<string, string?>? check = null)
    {
        var text = check is null ? Text(value) : Text(value, check);
        if (text is not null)
            Macros.Add(new MacroText(value, text, IsCondition: false));
        return text;
    }

    /// <summary>A condition of <c>while:</c> or <c>if:</c>; checked once the whole plan is read.</summary>
    public string? Condition(YamlValue value)
    {
        var text = Text(value);
        if (text is not null)
            Macros.Add(new MacroText(value, text, IsCondition: true));
        return text;
    }

    /// <summary><see cref="Pairs"/> whose values may hold macros.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TemplatePairs(YamlValue value, Func<string, string?> checkName, Func<string, string?> checkValue)
    {
        var pairs = Pairs(value, checkName, checkValue);
        if (value.Node is MappingNode map)
        {
            foreach (var (key, item) in map.Entries)
            {
                if (key is ScalarNode { IsNull: false } k && item is ScalarNode { IsNull: false } s && pairs.Any(p => p.Key == k.Value))
                    Macros.Add(new MacroText(new YamlValue(item, YamlValue.Join(value.Path, k.Value)), s.Value, IsCondition: false));
            }
        }
        return pairs;
    }

    /// <summary>Records a mistake at <paramref name="at"/>; <paramref name="message"/> is shown as written.</summary>
    public void Error(PlanNode at, string message) => Errors.Add(new PlanError(at.Start, message));

    /// <summary>Records a mistake in a field's value; the message is prefixed with the field path.</summary>
    public void Error(YamlValue value, string message) =>
        Error(value.Node, value.Path.Length == 0 ? message : $"{value.Path}: {message}");

    /// <summary>Records that the value is not of the expected kind: "expected X, got Y".</summary>
    public void Expected(YamlValue value, string what) => Error(value, $"expected {what}, got {value.Node.Describe()}");

    /// <summary>A key as text; keys that are lists, mappings or null are reported.</summary>
    public string? Key(PlanNode key, string parentPath)
    {
        if (key is ScalarNode { IsNull: false } s)
            return s.Value;
        Error(key, $"{(parentPath.Length == 0 ? "" : parentPath + ": ")}expected a field name, got {key.Describe()}");
        return null;
    }

    /// <summary>Text: any scalar but null. Numbers and booleans are read as written.</summary>
    public string? Text(YamlValue value)
    {
        switch (value.Node)
        {
            case ScalarNode { IsNull: false } s:
                return s.Value;
            case ScalarNode { Value.Length: > 0 } s:
                // Plain "null" or "~" is YAML's null; say how to get the word itself.
                Error(value, $"expected text, got nothing (write \"{s.Value}\" in quotes for the text)");
                return null;
            default:
                Expected(value, "text");
                return null;
        }
    }

    /// <summary>Text that passes <paramref name="check"/>, which returns an error message or null.</summary>
    public string? Text(YamlValue value, Func<string, string?> check)
    {
        if (Text(value) is not { } text)
            return null;
        if (check(text) is not { } error)
            return text;
        Error(value, error);
        return null;
    }

    /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public long? WholeNumber(YamlValue value, long min, long max)
    {
        if (value.Node is not ScalarNode { IsNull: false } s)
        {
            Expected(value, "a whole number");
            return null;
        }
        var text = s.Value.Trim();
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            if (text.Length > 0 && text.TrimStart('-', '+').All(char.IsAsciiDigit))
                Error(value, $"must be at most {max}, got {PlanRules.Quote(text)}");
            else
                Expected(value, "a whole number");
            return null;
        }
        if (n < min)
        {
            Error(value, $"must be at least {min}, got {n}");
            return null;
        }
        if (n > max)
        {
            Error(value, $"must be at most {max}, got {n}");
            return null;
        }
        return n;
    }

    /// <summary>A whole number that fits an <see cref="int"/>, at least <paramref name="min"/>.</summary>
    public int? Int(YamlValue value, int min) => (int?)WholeNumber(value, min, int.MaxValue);

    /// <summary>A duration as <see cref="Durations"/> reads it; zero is refused unless <paramref name="allowZero"/>.</summary>
    public TimeSpan? Duration(YamlValue value, bool allowZero)
    {
        if (value.Node is not ScalarNode { IsNull: false } s)
        {
            Expected(value, "a duration such as 30s, 5m, 1h30m or 1500ms");
            return null;
        }
        if (!Durations.TryParse(s.Value, out var d, out var error))
        {
            Error(value, error);
            return null;
        }
        if (d == TimeSpan.Zero && !allowZero)
        {
            Error(value, $"must be longer than zero, got {PlanRules.Quote(s.Value)}");
            return null;
        }
        return d;
    }

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal) { ["true"] = true, ["false"] = false };

    /// <summary>A boolean: <c>true</c> or <c>false</c>.</summary>
    public bool? Bool(YamlValue value) => Choice(value, Booleans);

    /// <summary>One of a fixed set of words, matched exactly; a near miss gets a suggestion.</summary>
    public T? Choice<T>(YamlValue value, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var names = choices.Keys.ToList();
        if (value.Node is ScalarNode { IsNull: false } s)
        {
            if (choices.TryGetValue(s.Value, out var choice))
                return choice;
            Error(value, $"unknown value {PlanRules.Quote(s.Value)}{Suggestions.Hint(s.Value, names)}");
            return null;
        }
        Expected(value, $"one of {string.Join(", ", names)}");
        return null;
    }

    /// <summary>A list read item by item; a null value is an empty list. Items that fail are left out.</summary>
    public IReadOnlyList<T> List<T>(YamlValue value, Func<YamlValue, NodeReader, T?> readItem)
        where T : class
    {
        switch (value.Node)
        {
            case ScalarNode { IsNull: true }:
                return [];
            case SequenceNode seq:
                var items = new List<T>(seq.Items.Count);
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    if (readItem(new YamlValue(seq.Items[i], $"{value.Path}[{i}]"), this) is { } item)
                        items.Add(item);
                }
                return items;
            default:
                Expected(value, "a list");
                return [];
        }
    }

    /// <summary>A mapping of names to text, in the order written; duplicate names are reported.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs(YamlValue value, Func<string, string?> checkName, Func<string, string?> checkValue)
    {
        switch (value.Node)
        {
            case ScalarNode { IsNull: true }:
                return [];
            case MappingNode map:
                var pairs = new List<KeyValuePair<string, string>>(map.Entries.Count);
                var seen = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
                foreach (var (keyNode, valueNode) in map.Entries)
                {
                    if (Key(keyNode, value.Path) is not { } key)
                        continue;
                    var entry = new YamlValue(valueNode, YamlValue.Join(value.Path, key));
                    if (seen.TryGetValue(key, out var first))
                    {
                        Duplicate(keyNode, entry.Path, first);
                        continue;
                    }
                    seen.Add(key, keyNode);
                    if (checkName(key) is { } nameError)
                    {
                        Error(keyNode, $"{value.Path}: {nameError}");
                        continue;
                    }
                    if (Text(entry) is not { } text)
                        continue;
                    if (checkValue(text) is { } valueError)
                        Error(entry, valueError);
                    else
                        pairs.Add(new(key, text));
                }
                return pairs;
            default:
                Expected(value, "a mapping");
                return [];
        }
    }

    /// <summary>Reports a key written twice in one mapping, pointing back at the first.</summary>
    public void Duplicate(PlanNode key, string path, PlanNode first) =>
        Error(key, $"duplicate field '{path}' (first at line {first.Start.Line}, column {first.Start.Column})");
}
