using System.Globalization;

namespace Barrage.Scenarios;

/// <summary>Reads what is inside one <c>${...}</c>: a name, or a function call with number or quoted-text arguments.</summary>
internal static class MacroSyntax
{
    /// <summary>The part for <c>text[from..to)</c>; null after recording an error. <paramref name="macro"/> is where its <c>${</c> is.</summary>
    public static TemplatePart? Parse(string text, int macro, int from, int to, List<MacroError> errors)
    {
        var inner = text[from..to].Trim();
        var nameEnd = 0;
        while (nameEnd < inner.Length && IsNameChar(inner[nameEnd], nameEnd == 0))
            nameEnd++;
        var name = inner[..nameEnd];
        if (name.Length == 0)
        {
            errors.Add(new MacroError(macro, $"expected a variable or function name inside '${{...}}', got '{inner}'"));
            return null;
        }
        var rest = inner[nameEnd..].TrimStart();
        if (rest.Length == 0)
            return new VariablePart(name);
        if (rest[0] != '(' || rest[^1] != ')')
        {
            errors.Add(new MacroError(macro, $"'{inner}' is neither a variable name nor a function call such as uuid()"));
            return null;
        }
        if (!FunctionPart.Arity.TryGetValue(name, out var arity))
        {
            errors.Add(new MacroError(macro, $"unknown function '{name}'{Plans.Yaml.Suggestions.Hint(name, [.. FunctionPart.Arity.Keys])}"));
            return null;
        }
        var args = SplitArguments(rest[1..^1]);
        if (args.Count != arity)
        {
            errors.Add(new MacroError(macro, $"{name}() takes {arity} argument{(arity == 1 ? "" : "s")}, got {args.Count}"));
            return null;
        }
        switch (name)
        {
            case "random_int":
                if (!long.TryParse(args[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var min)
                    || !long.TryParse(args[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var max))
                {
                    errors.Add(new MacroError(macro, "random_int(min, max) takes two whole numbers"));
                    return null;
                }
                if (min > max || max == long.MaxValue)
                {
                    errors.Add(new MacroError(macro, $"random_int({min}, {max}): min must not be above max"));
                    return null;
                }
                return new FunctionPart(name, min, max);
            case "env":
                if (Unquote(args[0]) is not { } variable)
                {
                    errors.Add(new MacroError(macro, "env() takes the variable's name in quotes: env(\"HOME\")"));
                    return null;
                }
                if (Environment.GetEnvironmentVariable(variable) is not { } value)
                {
                    errors.Add(new MacroError(macro, $"environment variable '{variable}' is not set"));
                    return null;
                }
                return new LiteralPart(value);
            default:
                return new FunctionPart(name, 0, 0);
        }
    }

    /// <summary>Letters, digits and '_', not starting with a digit.</summary>
    /// <remarks>A dot joins a data feeder's name and its column (<c>users.password</c>).</remarks>
    public static bool IsNameChar(char c, bool first) => c == '_' || char.IsAsciiLetter(c) || (!first && (char.IsAsciiDigit(c) || c == '.'));

    /// <summary>Whether <paramref name="name"/> is a valid variable name.</summary>
    public static bool IsName(string name) =>
        name.Length > 0 && name.Select((c, i) => IsNameChar(c, i == 0)).All(ok => ok);

    private static List<string> SplitArguments(string args)
    {
        var list = new List<string>();
        if (args.Trim().Length == 0)
            return list;
        var start = 0;
        char quote = '\0';
        for (var i = 0; i < args.Length; i++)
        {
            var c = args[i];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ',')
            {
                list.Add(args[start..i].Trim());
                start = i + 1;
            }
        }
        list.Add(args[start..].Trim());
        return list;
    }

    private static string? Unquote(string arg) =>
        arg.Length >= 2 && (arg[0] is '"' or '\'') && arg[^1] == arg[0] ? arg[1..^1] : null;
}
