using System.Globalization;
using System.Text;

namespace Barrage.Scenarios;

/// <summary>A template rendered and then encoded for where it goes: a JSON string, a form or query value.</summary>
internal sealed class EncodedPart(Template inner, Action<StringBuilder, string> append) : TemplatePart
{
    [ThreadStatic]
    private static StringBuilder? t_scratch;

    public override void Append(StringBuilder to, IMacroContext context)
    {
        // Rendered into a scratch buffer of the thread (rendering does not await), then encoded straight into the output.
        var scratch = t_scratch ??= new StringBuilder(64);
        scratch.Clear();
        inner.Render(scratch, context);
        append(to, scratch.ToString());
    }

    /// <summary>The parts of <paramref name="template"/> encoded by <paramref name="append"/>: literals at once, macros when rendered.</summary>
    public static IEnumerable<TemplatePart> Encode(Template template, Action<StringBuilder, string> append)
    {
        if (!template.IsLiteral)
            return [new EncodedPart(template, append)];
        var encoded = new StringBuilder();
        append(encoded, template.Literal!);
        return [new LiteralPart(encoded.ToString())];
    }

    /// <summary>Appends a value as a JSON string, quotes included (RFC 8259 escapes; other characters as they are, in UTF-8).</summary>
    public static void Json(StringBuilder to, string value)
    {
        to.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    to.Append("\\\"");
                    break;
                case '\\':
                    to.Append("\\\\");
                    break;
                case '\n':
                    to.Append("\\n");
                    break;
                case '\r':
                    to.Append("\\r");
                    break;
                case '\t':
                    to.Append("\\t");
                    break;
                case < ' ':
                    to.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    to.Append(c);
                    break;
            }
        }
        to.Append('"');
    }

    /// <summary>Appends a form or query value, percent-encoded.</summary>
    public static void Url(StringBuilder to, string value) => to.Append(Uri.EscapeDataString(value));
}
