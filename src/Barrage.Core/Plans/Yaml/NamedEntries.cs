namespace Barrage.Plans.Yaml;

/// <summary>
/// Reads a mapping whose keys are names the user chooses (variables of <c>extract:</c>, feeders of <c>data:</c>):
/// null is empty, duplicates and bad names are reported, and each good entry is read by the caller.
/// </summary>
internal static class NamedEntries
{
    /// <summary>Reads each entry of <paramref name="value"/> whose name passes <paramref name="checkName"/>; <paramref name="expected"/> describes the mapping for the error when it is not one.</summary>
    public static IReadOnlyList<T> Read<T>(YamlValue value, NodeReader reader, Func<string, string?> checkName, string expected, Func<string, PlanNode, YamlValue, T?> readEntry)
        where T : class
    {
        switch (value.Node)
        {
            case ScalarNode { IsNull: true }:
                return [];
            case MappingNode map:
                var items = new List<T>(map.Entries.Count);
                var seen = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
                foreach (var (keyNode, valueNode) in map.Entries)
                {
                    if (reader.Key(keyNode, value.Path) is not { } name)
                        continue;
                    var entry = new YamlValue(valueNode, YamlValue.Join(value.Path, name));
                    if (seen.TryGetValue(name, out var first))
                    {
                        reader.Duplicate(keyNode, entry.Path, first);
                        continue;
                    }
                    seen.Add(name, keyNode);
                    if (checkName(name) is { } nameError)
                        reader.Error(keyNode, $"{value.Path}: {nameError}");
                    else if (readEntry(name, keyNode, entry) is { } item)
                        items.Add(item);
                }
                return items;
            default:
                reader.Expected(value, expected);
                return [];
        }
    }
}
