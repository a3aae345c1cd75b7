using System.Globalization;
using Barrage.Plans;

namespace Barrage.Load;

/// <summary>
/// Reads Yandex.Tank's schedule text: calls like <c>line(1, 10, 30s)</c> separated by spaces. Knows the
/// shape only; <see cref="RateSchedule"/> and <see cref="UserSchedule"/> give the names their meaning.
/// </summary>
internal static class ScheduleSyntax
{
    /// <summary>Splits <paramref name="text"/> into calls; null with <paramref name="error"/> set when the shape is wrong.</summary>
    public static List<ScheduleCall>? Split(string text, string example, out ScheduleError? error)
    {
        var calls = new List<ScheduleCall>();
        var pos = 0;
        error = null;
        while (true)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
                pos++;
            if (pos == text.Length)
                break;
            var nameStart = pos;
            while (pos < text.Length && (char.IsAsciiLetter(text[pos]) || text[pos] == '_'))
                pos++;
            if (pos == nameStart)
            {
                error = new ScheduleError(pos + 1, $"expected a schedule step such as {example}, got {Shown(text, pos)}");
                return null;
            }
            var name = text[nameStart..pos];
            while (pos < text.Length && text[pos] == ' ')
                pos++;
            if (pos == text.Length || text[pos] != '(')
            {
                error = new ScheduleError(pos + 1, $"expected '(' after '{name}'");
                return null;
            }
            pos++;
            var arguments = new List<ScheduleArgument>();
            while (true)
            {
                var argStart = pos;
                while (pos < text.Length && text[pos] is not (',' or ')' or '('))
                    pos++;
                var raw = text[argStart..pos];
                var lead = raw.Length - raw.TrimStart().Length;
                var trimmed = raw.Trim();
                if (trimmed.Length > 0 || (pos < text.Length && text[pos] == ','))
                    arguments.Add(new ScheduleArgument(trimmed, argStart + lead + 1));
                if (pos == text.Length || text[pos] == '(')
                {
                    error = new ScheduleError(pos + 1, "expected ')'");
                    return null;
                }
                if (text[pos] == ')')
                    break;
                pos++;
            }
            calls.Add(new ScheduleCall(name, nameStart + 1, arguments, pos + 1));
            pos++;
        }
        if (calls.Count == 0)
            error = new ScheduleError(1, $"expected a schedule such as {example}");
        return error is null ? calls : null;
    }

    /// <summary>Checks the number of arguments; the message names them.</summary>
    public static ScheduleError? Arity(ScheduleCall call, params string[] names)
    {
        if (call.Arguments.Count == names.Length)
            return null;
        var column = call.Arguments.Count > names.Length ? call.Arguments[names.Length].Column : call.CloseColumn;
        var plural = names.Length == 1 ? "argument" : "arguments";
        return new ScheduleError(column,
            $"{call.Name} takes {names.Length} {plural} ({string.Join(", ", names)}), got {call.Arguments.Count}");
    }

    /// <summary>A number at least 0 (a rate, users); <paramref name="what"/> names it in messages.</summary>
    public static double? Number(ScheduleArgument arg, string what, bool whole, out ScheduleError? error)
    {
        error = null;
        var styles = whole ? NumberStyles.AllowLeadingSign : NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (arg.Text.Length == 0 || !double.TryParse(arg.Text, styles, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            error = new ScheduleError(arg.Column, $"expected {what} ({(whole ? "a whole number" : "a number")}), got {Shown(arg.Text)}");
            return null;
        }
        if (value < 0)
        {
            error = new ScheduleError(arg.Column, $"{what} cannot be negative, got {arg.Text}");
            return null;
        }
        if (value > 1e9)
        {
            error = new ScheduleError(arg.Column, $"{what} must be at most 1000000000, got {arg.Text}");
            return null;
        }
        return value;
    }

    /// <summary>A duration longer than zero, as <see cref="Durations"/> reads it.</summary>
    public static TimeSpan? Duration(ScheduleArgument arg, out ScheduleError? error)
    {
        error = null;
        if (!Durations.TryParse(arg.Text, out var value, out var message))
        {
            error = new ScheduleError(arg.Column, message);
            return null;
        }
        if (value <= TimeSpan.Zero)
        {
            error = new ScheduleError(arg.Column, $"a duration must be longer than zero, got {Shown(arg.Text)}");
            return null;
        }
        if (value > TimeSpan.FromDays(365))
        {
            error = new ScheduleError(arg.Column, $"a duration must be at most a year, got {Shown(arg.Text)}");
            return null;
        }
        return value;
    }

    /// <summary>The error for a name that is not one of <paramref name="known"/>.</summary>
    public static ScheduleError Unknown(ScheduleCall call, string kind, IReadOnlyList<string> known) => new(call.Column,
        $"unknown {kind} '{call.Name}'{Plans.Yaml.Suggestions.Hint(call.Name, known)}");

    private static string Shown(string text, int pos) => pos >= text.Length ? "the end" : Shown(text[pos..]);

    private static string Shown(string text) => text.Length == 0 ? "nothing" : PlanRules.Quote(text);
}
