using System.Text;

namespace Barrage.Scenarios;

/// <summary>One piece of a compiled <see cref="Template"/>: literal text, a variable or a function call.</summary>
internal abstract class TemplatePart
{
    /// <summary>Appends the piece's text for <paramref name="context"/>.</summary>
    public abstract void Append(StringBuilder to, IMacroContext context);
}
