using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>
/// Writes text straight to the console's writer where Spectre would write the very same characters: on a console without
/// ANSI (output redirected, as in CI, benchmarks and agents), a line that fits. Spectre's first rendering in a process
/// costs ~10 ms of CPU (its layout and markup code is generic over value types, which ReadyToRun cannot precompile)
/// and its tables ~25 ms more: measured, the summary of `hit -n 1` took 50 ms of a run's 230.
/// </summary>
internal static class PlainConsole
{
    // Characters Barrage itself prints besides ASCII, each one column wide (as Spectre measures them).
    private const string Narrow = "µ≥·→…█░";

    /// <summary>Whether <paramref name="console"/> shows text as it is: no colours, no cursor moves.</summary>
    public static bool Applies(IAnsiConsole console) => !console.Profile.Capabilities.Ansi;

    /// <summary>Whether boxes are drawn with Unicode's box characters, as <see cref="SummaryPanel"/> and <see cref="SummaryTable"/> draw them.</summary>
    public static bool DrawsBoxes(IAnsiConsole console) => Applies(console) && console.Profile.Capabilities.Unicode;

    /// <summary>The columns <paramref name="text"/> takes; -1 when it holds a character whose width this class does not know (a control character, a wide one).</summary>
    public static int Width(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~' && !Narrow.Contains(c, StringComparison.Ordinal))
                return -1;
        }
        return text.Length;
    }

    /// <summary>The widest of <paramref name="texts"/>; -1 when one has an unknown width.</summary>
    public static int MaxWidth(IEnumerable<string> texts)
    {
        var max = 0;
        foreach (var text in texts)
        {
            var width = Width(text);
            if (width < 0)
                return -1;
            max = Math.Max(max, width);
        }
        return max;
    }

    /// <summary>
    /// What markup shows without styles: <c>[[</c> and <c>]]</c> are brackets, any other <c>[...]</c> is a style. Spectre's
    /// own <c>Markup.Remove</c> parses the styles too (its colour tables among them), the very work this class avoids.
    /// </summary>
    public static string RemoveMarkup(string markup)
    {
        if (markup.IndexOfAny(['[', ']']) < 0)
            return markup;
        var text = new StringBuilder(markup.Length);
        for (var i = 0; i < markup.Length; i++)
        {
            var c = markup[i];
            if (c is '[' or ']' && i + 1 < markup.Length && markup[i + 1] == c)
                text.Append(markup[++i]);
            else if (c == '[' && markup.IndexOf(']', i) is var end and > 0)
                i = end;
            else
                text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>Writes <paramref name="blocks"/> as plain text when all of them can be (see <see cref="ISummaryBlock.TryAppendPlain"/>), else with Spectre.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<ISummaryBlock> blocks)
    {
        if (DrawsBoxes(console))
        {
            var text = new StringBuilder();
            var plain = true;
            for (var i = 0; i < blocks.Count && plain; i++)
                plain = blocks[i].TryAppendPlain(text, console.Profile.Width);
            if (plain)
            {
                console.Profile.Out.Writer.Write(text.ToString());
                return;
            }
        }
        foreach (var block in blocks)
            console.Write(block.ToRenderable());
    }

    /// <summary><c>console.MarkupLineInterpolated(value)</c>, written as plain text when that shows the same.</summary>
    public static void MarkupLine(IAnsiConsole console, FormattableString value)
    {
        if (Applies(console))
        {
            // As Spectre formats it: string arguments escaped, then the markup removed.
            var args = (object?[])value.GetArguments().Clone(); // the string's own array: the fallback below formats it again
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] is string s)
                    args[i] = Markup.Escape(s);
            }
            if (TryWriteLine(console, RemoveMarkup(string.Format(CultureInfo.CurrentCulture, value.Format, args))))
                return;
        }
        console.MarkupLineInterpolated(value);
    }

    /// <summary><c>console.Write(new Text(text))</c>, written as it is when no line of it needs wrapping.</summary>
    public static void Write(IAnsiConsole console, string text)
    {
        if (Applies(console) && FitsUnwrapped(text, console.Profile.Width))
            console.Profile.Out.Writer.Write(text);
        else
            console.Write(new Text(text));
    }

    private static bool FitsUnwrapped(string text, int width)
    {
        foreach (var line in text.Split('\n'))
        {
            if (Width(line) is < 0 || Width(line) > width)
                return false;
        }
        return true;
    }

    private static bool TryWriteLine(IAnsiConsole console, string text)
    {
        if (Wrap(text, console.Profile.Width) is not { } lines)
            return false;
        console.Profile.Out.Writer.Write(lines + "\n");
        return true;
    }

    /// <summary>
    /// <paramref name="text"/> wrapped at <paramref name="width"/> columns as Spectre wraps a paragraph: at the space that does not
    /// fit (which is dropped), or before the word that does not (the space before it stays at the end of the line). Null where
    /// Spectre does more: a word wider than the console (cut), a line that starts with spaces (its wrapped lines are indented
    /// alike), a character of unknown width.
    /// </summary>
    internal static string? Wrap(string text, int width)
    {
        var textWidth = Width(text);
        if (textWidth < 0 || (text.StartsWith(' ') && textWidth > width))
            return null;
        if (textWidth <= width)
            return text;
        var wrapped = new StringBuilder(text.Length + 8);
        var line = 0; // columns on the line being written
        for (var start = 0; start < text.Length;)
        {
            var space = text[start] == ' ';
            var end = start;
            while (end < text.Length && (text[end] == ' ') == space)
                end++;
            var length = end - start;
            if (length > width)
                return null;
            if (line + length > width)
            {
                wrapped.Append('\n');
                line = 0;
                if (space)
                {
                    start = end;
                    continue;
                }
            }
            wrapped.Append(text, start, length);
            line += length;
            start = end;
        }
        return wrapped.ToString();
    }
}
