namespace Barrage.Plans.Yaml;

/// <summary>A YAML sequence (a list).</summary>
internal sealed class SequenceNode(SourcePosition start, IReadOnlyList<PlanNode> items) : PlanNode(start)
{
    public IReadOnlyList<PlanNode> Items { get; } = items;

    public override string Describe() => "a list";
}
