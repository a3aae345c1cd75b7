namespace Barrage.Plans.Yaml;

/// <summary>A YAML mapping. Keys stay in the order written, duplicates included, so that they can be reported.</summary>
internal sealed class MappingNode(SourcePosition start, IReadOnlyList<MappingEntry> entries) : PlanNode(start)
{
    public IReadOnlyList<MappingEntry> Entries { get; } = entries;

    /// <summary>The value of the first entry whose key is the text <paramref name="key"/>, or null.</summary>
    public PlanNode? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key is ScalarNode { IsNull: false } k && k.Value == key)
                return entry.Value;
        }
        return null;
    }

    public override string Describe() => "a mapping";
}
