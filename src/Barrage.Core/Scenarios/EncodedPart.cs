using System.Text;

namespace Barrage.Scenarios;

/// <summary>A template rendered and then encoded for where it goes: a JSON string, a form or query value.</summary>
internal sealed class EncodedPart(Template inner, Func<string, string> encode) : TemplatePart
{
    public override void Append(StringBuilder to, IMacroContext context) => to.Append(encode(inner.Render(context)));

    /// <summary>The parts of <paramref name="template"/> encoded by <paramref name="encode"/>: literals at once, macros when rendered.</summary>
    public static IEnumerable<TemplatePart> Encode(Template template, Func<string, string> encode) =>
        template.IsLiteral
            ? [new LiteralPart(encode(template.Literal!))]
            : [new EncodedPart(template, encode)];

    /// <summary>A value as a JSON string, quotes included.</summary>
    public static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>A form or query value, percent-encoded.</summary>
    public static string Url(string value) => Uri.EscapeDataString(value);
}
