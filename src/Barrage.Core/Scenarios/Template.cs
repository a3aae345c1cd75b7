using System.Text;

namespace Barrage.Scenarios;

/// <summary>
/// A text with macros, compiled once: <c>/items/${id}?page=${random_int(1,9)}</c>. A text without macros is
/// <see cref="IsLiteral"/> and costs nothing to render.
/// </summary>
internal sealed class Template
{
    private readonly TemplatePart[] _parts;

    private Template(string text, TemplatePart[] parts, IReadOnlyList<(string Name, int Offset)> variables)
    {
        Text = text;
        _parts = parts;
        Variables = variables;
        Literal = parts.Length == 0 ? "" : parts is [LiteralPart only] ? only.Text : null;
    }

    /// <summary>The text as written.</summary>
    public string Text { get; }

    /// <summary>The text when it holds no macro (escapes resolved); null otherwise.</summary>
    public string? Literal { get; }

    public bool IsLiteral => Literal is not null;

    /// <summary>The variables it names, with the offset of their <c>${</c>, for validation.</summary>
    public IReadOnlyList<(string Name, int Offset)> Variables { get; }

    /// <summary>Renders into <paramref name="to"/>.</summary>
    public void Render(StringBuilder to, IMacroContext context)
    {
        foreach (var part in _parts)
            part.Append(to, context);
    }

    /// <summary>Renders to a new string.</summary>
    public string Render(IMacroContext context)
    {
        if (Literal is not null)
            return Literal;
        var sb = new StringBuilder();
        Render(sb, context);
        return sb.ToString();
    }

    /// <summary>A template made of <paramref name="parts"/> (adjacent literals are joined), shown as <paramref name="text"/>.</summary>
    public static Template FromParts(string text, IEnumerable<TemplatePart> parts) => new(text, Join(parts), []);

    private static TemplatePart[] Join(IEnumerable<TemplatePart> parts)
    {
        var joined = new List<TemplatePart>();
        var literal = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is LiteralPart l)
            {
                literal.Append(l.Text);
                continue;
            }
            if (literal.Length > 0)
                joined.Add(new LiteralPart(literal.ToString()));
            literal.Clear();
            joined.Add(part);
        }
        if (literal.Length > 0)
            joined.Add(new LiteralPart(literal.ToString()));
        return [.. joined];
    }

    /// <summary>The pieces, for templates built from others.</summary>
    public IReadOnlyList<TemplatePart> Parts => _parts;

    /// <summary>A template of fixed text.</summary>
    public static Template Of(string literal) => new(literal, literal.Length == 0 ? [] : [new LiteralPart(literal)], []);

    /// <summary>
    /// Compiles <paramref name="text"/>: <c>${name}</c>, <c>${function(args)}</c>, and <c>$${</c> for a literal <c>${</c>.
    /// Mistakes go to <paramref name="errors"/> (the template is then unusable).
    /// </summary>
    public static Template Parse(string text, List<MacroError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<TemplatePart>();
        var variables = new List<(string, int)>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && Next(text, i + 1) == '$' && Next(text, i + 2) == '{')
            {
                literal.Append("${");
                i += 3;
                continue;
            }
            if (text[i] != '$' || Next(text, i + 1) != '{')
            {
                literal.Append(text[i++]);
                continue;
            }
            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                errors.Add(new MacroError(i, "a macro '${' is not closed with '}' (write $${ for the text itself)"));
                return Of(text);
            }
            if (literal.Length > 0)
            {
                parts.Add(new LiteralPart(literal.ToString()));
                literal.Clear();
            }
            if (MacroSyntax.Parse(text, i, i + 2, close, errors) is { } part)
            {
                parts.Add(part);
                if (part is VariablePart v)
                    variables.Add((v.Name, i));
            }
            i = close + 1;
        }
        if (literal.Length > 0)
            parts.Add(new LiteralPart(literal.ToString()));
        return new Template(text, Join(parts), variables);
    }

    private static char Next(string text, int at) => at < text.Length ? text[at] : '\0';
}
