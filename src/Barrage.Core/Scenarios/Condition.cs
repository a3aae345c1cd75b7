using System.Globalization;

namespace Barrage.Scenarios;

/// <summary>
/// A compiled condition of <c>while:</c> and <c>if:</c>: comparisons (<c>== != &lt; &lt;= &gt; &gt;=</c>) of
/// variables, numbers and quoted texts, joined by <c>and</c>, <c>or</c>, <c>not</c> and brackets. Two sides that
/// both read as numbers compare as numbers, otherwise as text. A lone operand is true unless it is empty,
/// <c>false</c> or <c>0</c>. Variables are written bare (<c>count &lt; 3</c>) or as <c>${count}</c>.
/// </summary>
internal sealed class Condition
{
    private readonly ConditionNode _root;

    private Condition(string text, ConditionNode root, IReadOnlyList<(string Name, int Offset)> variables)
    {
        Text = text;
        _root = root;
        Variables = variables;
    }

    public string Text { get; }

    /// <summary>The variables it reads, with their offsets, for validation.</summary>
    public IReadOnlyList<(string Name, int Offset)> Variables { get; }

    /// <summary>Compiles <paramref name="text"/>; null after recording errors.</summary>
    public static Condition? Parse(string text, List<MacroError> errors)
    {
        var parser = new ConditionParser(text, errors);
        var root = parser.ParseAll();
        return root is null ? null : new Condition(text, root, parser.Variables);
    }

    public bool Evaluate(IMacroContext context) => Truthy(_root, context);

    private static bool Truthy(ConditionNode node, IMacroContext context) => node.Kind switch
    {
        ConditionKind.And => Truthy(node.Left!, context) && Truthy(node.Right!, context),
        ConditionKind.Or => Truthy(node.Left!, context) || Truthy(node.Right!, context),
        ConditionKind.Not => !Truthy(node.Left!, context),
        ConditionKind.Compare => Compare(node, context),
        _ => Value(node, context) is var v && v.Length > 0 && v != "false" && v != "0",
    };

    private static bool Compare(ConditionNode node, IMacroContext context)
    {
        var left = Value(node.Left!, context);
        var right = Value(node.Right!, context);
        var order = double.TryParse(left, NumberStyles.Float, CultureInfo.InvariantCulture, out var l)
            && double.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var r)
            ? l.CompareTo(r)
            : string.CompareOrdinal(left, right);
        return node.Operator switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private static string Value(ConditionNode node, IMacroContext context) => node.Kind switch
    {
        ConditionKind.Variable => node.Text switch
        {
            VariablePart.UserId => context.UserId.ToString(CultureInfo.InvariantCulture),
            VariablePart.Iteration => context.Iteration.ToString(CultureInfo.InvariantCulture),
            _ => context.TryGet(node.Text, out var value) ? value : "",
        },
        ConditionKind.Literal => node.Text,
        _ => Truthy(node, context) ? "true" : "false",
    };
}
