namespace Barrage.Plans.Yaml;

/// <summary>A node of a plan's YAML tree, with where it starts in the file.</summary>
internal abstract class PlanNode(SourcePosition start)
{
    public SourcePosition Start { get; } = start;

    /// <summary>What the node is, for messages: <c>a mapping</c>, <c>a list</c>, <c>nothing</c>, <c>'ten'</c>.</summary>
    public abstract string Describe();
}
