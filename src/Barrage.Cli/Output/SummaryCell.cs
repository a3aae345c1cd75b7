using Spectre.Console.Rendering;

namespace Barrage.Cli.Output;

/// <summary>One cell of the summary: Spectre markup, or text shown as it is.</summary>
/// <remarks>A class, as the other types of the summary's layout: a list of a struct is generic code that ReadyToRun cannot precompile.</remarks>
internal sealed record SummaryCell(string Value, bool IsMarkup)
{
    public static SummaryCell Text(string text) => new(text, false);

    public static SummaryCell Markup(string markup) => new(markup, true);

    public IRenderable ToRenderable() => IsMarkup ? new Spectre.Console.Markup(Value) : new Spectre.Console.Text(Value);

    /// <summary>What the cell shows without styles.</summary>
    public string Plain => IsMarkup ? PlainConsole.RemoveMarkup(Value) : Value;
}
