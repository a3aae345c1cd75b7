namespace Barrage.Scenarios;

/// <summary>What a <see cref="ConditionNode"/> is.</summary>
internal enum ConditionKind
{
    Literal,
    Variable,
    Compare,
    And,
    Or,
    Not,
}
