namespace Barrage.Scenarios;

/// <summary>A node of a parsed <see cref="Condition"/>: an operand (text), a comparison, or a logical operator.</summary>
internal sealed record ConditionNode(ConditionKind Kind, string Text = "", string Operator = "", ConditionNode? Left = null, ConditionNode? Right = null);
