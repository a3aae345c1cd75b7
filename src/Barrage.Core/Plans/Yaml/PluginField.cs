using Barrage.Scenarios;

namespace Barrage.Plans.Yaml;

/// <summary>
/// <c>plugins: [path/to/My.dll]</c>: assemblies, relative to the plan's folder, whose <see cref="IActivityPlugin"/>s add
/// activity kinds. Read before the rest of the plan, since the scenario may use those kinds wherever it is written.
/// </summary>
internal static class PluginField
{
    /// <summary>The field's key at the top of a plan.</summary>
    public const string Key = "plugins";

    /// <summary>Loads the plugins <paramref name="root"/> lists into <paramref name="reader"/>; a file that cannot be loaded is reported at its item.</summary>
    public static void Load(MappingNode root, NodeReader reader)
    {
        if (root.Find(Key) is not { } node)
            return;
        var files = reader.List(new YamlValue(node, Key), (item, r) => r.Text(item) is { } text ? new Item(item, text) : null);
        foreach (var (at, text) in files)
        {
            var path = PlanFiles.FullPath(text, at, reader);
            reader.PluginFiles.Add(path);
            var loaded = PluginLoader.Load(path);
            if (loaded.Error is { } error)
            {
                reader.Error(at, error);
                reader.PluginFailed = true;
                continue;
            }
            foreach (var plugin in loaded.Plugins)
            {
                var kind = plugin.Kind;
                if (kind is null || !IsKind(kind))
                    reader.Error(at, $"{Path.GetFileName(path)}: {plugin.GetType().FullName} names its activity {PlanRules.Quote(kind ?? "")}; a kind is letters, digits and '_', starting with a letter");
                else if (ActivityKinds.IsBuiltIn(kind))
                    reader.Error(at, $"{Path.GetFileName(path)}: {plugin.GetType().FullName} adds '{kind}', which is a built-in activity");
                else if (!reader.Plugins.TryAdd(kind, (plugin, loaded)))
                    reader.Error(at, $"{Path.GetFileName(path)}: '{kind}' is added by two plugins ({reader.Plugins[kind].Plugin.GetType().FullName} and {plugin.GetType().FullName})");
            }
        }
    }

    private static bool IsKind(string kind) =>
        kind.Length > 0 && char.IsAsciiLetter(kind[0]) && kind.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private sealed record Item(YamlValue Value, string Text);
}
