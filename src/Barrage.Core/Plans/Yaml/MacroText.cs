namespace Barrage.Plans.Yaml;

/// <summary>A text of the plan that may hold macros, or a condition, with the node it was read from.</summary>
internal sealed record MacroText(YamlValue Value, string Text, bool IsCondition);
