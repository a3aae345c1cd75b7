namespace Barrage.Plans.Yaml;

/// <summary>A scalar: text, a number, or YAML's null (an empty value, <c>~</c> or <c>null</c> written plain).</summary>
internal sealed class ScalarNode(SourcePosition start, string value, bool isPlain) : PlanNode(start)
{
    public string Value { get; } = value;

    /// <summary>Unquoted: only plain scalars can be null, so <c>"null"</c> stays text.</summary>
    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "nothing" : PlanRules.Quote(Value);
}
