namespace Barrage.Plans.Yaml;

/// <summary>One <c>key: value</c> of a mapping.</summary>
internal sealed record MappingEntry(PlanNode Key, PlanNode Value);
