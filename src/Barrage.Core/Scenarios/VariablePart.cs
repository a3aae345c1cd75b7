using System.Globalization;
using System.Text;

namespace Barrage.Scenarios;

/// <summary><c>${name}</c>: a variable's value, or a built-in (<c>user_id</c>, <c>iteration</c>).</summary>
internal sealed class VariablePart(string name) : TemplatePart
{
    public const string UserId = "user_id";
    public const string Iteration = "iteration";

    /// <summary>Names every scenario knows.</summary>
    public static readonly IReadOnlyList<string> BuiltIns = [UserId, Iteration];

    public string Name { get; } = name;

    public override void Append(StringBuilder to, IMacroContext context)
    {
        switch (Name)
        {
            case UserId:
                to.Append(context.UserId.ToString(CultureInfo.InvariantCulture));
                break;
            case Iteration:
                to.Append(context.Iteration.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                // Validation makes sure the name is declared; one that has no value yet renders empty.
                if (context.TryGet(Name, out var value))
                    to.Append(value);
                break;
        }
    }
}
