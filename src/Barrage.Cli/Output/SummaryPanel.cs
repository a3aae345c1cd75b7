using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Barrage.Cli.Output;

/// <summary>The summary's overview: a rounded panel with a header around a grid of labels (grey) and values.</summary>
internal sealed class SummaryPanel(string header) : ISummaryBlock
{
    private readonly List<string> _labels = [];
    private readonly List<SummaryCell> _values = [];

    public SummaryPanel Add(string label, SummaryCell value)
    {
        _labels.Add(label);
        _values.Add(value);
        return this;
    }

    public IRenderable ToRenderable()
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        for (var i = 0; i < _labels.Count; i++)
            grid.AddRow(new Markup($"[grey]{_labels[i]}[/]"), _values[i].ToRenderable());
        return new Panel(grid).Header(Markup.Escape(header)).Border(BoxBorder.Rounded);
    }

    public bool TryAppendPlain(StringBuilder text, int width)
    {
        var values = new string[_values.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = _values[i].Plain;
        var labelWidth = PlainConsole.MaxWidth(_labels);
        var valueWidth = PlainConsole.MaxWidth(values);
        var headerWidth = PlainConsole.Width(header);
        // Spectre trims the header's outer spaces: a header with them is left to Spectre.
        if (labelWidth < 0 || valueWidth < 0 || headerWidth < 0 || header.Trim().Length != header.Length)
            return false;
        // Spectre's grid pads every column but the last by two; the panel adds a space and a border on each side.
        var inner = labelWidth + 2 + valueWidth;
        if (inner + 4 > width || headerWidth > inner)
            return false;
        text.Append("╭─").Append(header).Append('─', inner + 1 - headerWidth).Append('╮').Append('\n');
        for (var i = 0; i < values.Length; i++)
        {
            text.Append("│ ").Append(_labels[i]).Append(' ', labelWidth - PlainConsole.Width(_labels[i]) + 2)
                .Append(values[i]).Append(' ', valueWidth - PlainConsole.Width(values[i])).Append(" │").Append('\n');
        }
        text.Append('╰').Append('─', inner + 2).Append('╯').Append('\n');
        return true;
    }
}
