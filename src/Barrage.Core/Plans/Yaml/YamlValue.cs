namespace Barrage.Plans.Yaml;

/// <summary>A node with the field path it was found at (<c>load.users</c>, <c>scenario.main[2].tag</c>), for messages.</summary>
internal readonly record struct YamlValue(PlanNode Node, string Path)
{
    /// <summary>The path of field <paramref name="name"/> under <paramref name="parent"/>.</summary>
    public static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";
}
