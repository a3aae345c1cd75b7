using System.Text;

namespace Barrage.Scenarios;

/// <summary>Text written as it is.</summary>
internal sealed class LiteralPart(string text) : TemplatePart
{
    public string Text { get; } = text;

    public override void Append(StringBuilder to, IMacroContext context) => to.Append(Text);
}
