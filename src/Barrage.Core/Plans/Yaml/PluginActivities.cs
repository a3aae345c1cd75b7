using System.Collections.Immutable;
using Barrage.Scenarios;

namespace Barrage.Plans.Yaml;

/// <summary>
/// Reads a step of a plugin's activity: the key's value and the options the plugin declares, as text (macros checked
/// like any other), then lets the plugin make the activity; its mistakes are reported at the key or the option.
/// </summary>
internal static class PluginActivities
{
    /// <summary>Reads <paramref name="map"/> as an activity of <paramref name="source"/>'s plugin; null when it has mistakes (recorded).</summary>
    public static Activity? Read((IActivityPlugin Plugin, PluginLoad From) source, MappingNode map, string path, NodeReader reader)
    {
        var plugin = source.Plugin;
        var kind = plugin.Kind;
        var schema = new MapSchema<Draft>().Required(kind, (d, v, r) => v.Node is ScalarNode { IsNull: true } ? d : Text(d, kind, v, r));
        foreach (var option in plugin.Options ?? [])
        {
            if (option != kind)
                schema.Field(option, (d, v, r) => Text(d, option, v, r));
        }
        var draft = schema.Read(map, path, new Draft(ImmutableDictionary<string, YamlValue>.Empty, ImmutableDictionary<string, string>.Empty, Broken: false), reader);
        if (draft.Broken)
            return null; // a value that is not text was reported; the plugin would only report it again as missing
        var errors = reader.Errors.Count;

        void Error(string? option, string message)
        {
            if (option is not null && draft.Nodes.TryGetValue(option, out var at))
                reader.Error(at, message);
            else
                reader.Error(draft.Nodes.TryGetValue(kind, out var key) ? key : new YamlValue(map, YamlValue.Join(path, kind)), message);
        }
        ICustomActivity? activity;
        try
        {
            activity = plugin.Create(new ActivityArguments(kind, draft.Texts.TryGetValue(kind, out var value) ? value : null, draft.Texts.Remove(kind), Error));
        }
        catch (Exception e)
        {
            // A plugin's bug while reading its options is reported with the plan's mistakes, not as a crash.
            reader.Error(map, $"{path}: the {kind} plugin failed to read this step: {e.Message}");
            return null;
        }
        if (activity is null && reader.Errors.Count == errors)
            reader.Error(map, $"{path}: the {kind} plugin refused this step without saying why");
        // Unknown options and the like were reported by the schema: the plan fails, but the plugin's own mistakes still show.
        return activity is null || reader.Errors.Count > errors ? null : new CustomActivity(kind, activity) { Position = map.Start, Plugin = source.From };
    }

    private static Draft Text(Draft draft, string name, YamlValue value, NodeReader reader) =>
        reader.Template(value) is { } text
            ? draft with { Nodes = draft.Nodes.SetItem(name, value), Texts = draft.Texts.SetItem(name, text) }
            : draft with { Broken = true };

    private sealed record Draft(ImmutableDictionary<string, YamlValue> Nodes, ImmutableDictionary<string, string> Texts, bool Broken);
}
