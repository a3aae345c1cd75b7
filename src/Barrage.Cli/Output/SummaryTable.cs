using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Barrage.Cli.Output;

/// <summary>A titled table of the summary with a rounded border: latency, outcomes, checks, thresholds.</summary>
/// <remarks>Plain loops over arrays and lists of classes: LINQ and lists over structs are generic code ReadyToRun cannot precompile.</remarks>
internal sealed class SummaryTable(string title) : ISummaryBlock
{
    private readonly List<ColumnSpec> _columns = [];
    private readonly List<SummaryCell[]> _rows = [];

    public int RowCount => _rows.Count;

    public SummaryTable Column(string header, bool right = false, bool noWrap = false)
    {
        _columns.Add(new ColumnSpec(header, right, noWrap));
        return this;
    }

    public SummaryTable Row(params SummaryCell[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public IRenderable ToRenderable()
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        foreach (var (header, right, noWrap) in _columns)
        {
            var column = new TableColumn(header);
            if (right)
                column.RightAligned();
            if (noWrap)
                column.NoWrap();
            table.AddColumn(column);
        }
        foreach (var row in _rows)
        {
            var cells = new IRenderable[row.Length];
            for (var c = 0; c < cells.Length; c++)
                cells[c] = row[c].ToRenderable();
            table.AddRow(cells);
        }
        return table;
    }

    public bool TryAppendPlain(StringBuilder text, int width)
    {
        var cells = new string[_rows.Count][];
        for (var r = 0; r < cells.Length; r++)
        {
            cells[r] = new string[_rows[r].Length];
            for (var c = 0; c < cells[r].Length; c++)
                cells[r][c] = _rows[r][c].Plain;
        }
        // Each column has a space of padding on either side and a border after it; one more border opens the row.
        var widths = new int[_columns.Count];
        var tableWidth = 1;
        for (var c = 0; c < widths.Length; c++)
        {
            widths[c] = PlainConsole.Width(_columns[c].Header);
            foreach (var row in cells)
            {
                var cell = PlainConsole.Width(row[c]);
                if (cell < 0)
                    return false;
                widths[c] = Math.Max(widths[c], cell);
            }
            if (widths[c] < 0)
                return false;
            tableWidth += widths[c] + 3;
        }
        var titleWidth = PlainConsole.Width(title);
        if (tableWidth > width || titleWidth < 0 || titleWidth > tableWidth)
            return false;
        var left = (tableWidth - titleWidth) / 2;
        text.Append(' ', left).Append(title).Append(' ', tableWidth - titleWidth - left).Append('\n');
        Rule(text, widths, '╭', '┬', '╮');
        var headers = new string[_columns.Count];
        for (var c = 0; c < headers.Length; c++)
            headers[c] = _columns[c].Header;
        Line(text, widths, headers);
        Rule(text, widths, '├', '┼', '┤');
        foreach (var row in cells)
            Line(text, widths, row);
        Rule(text, widths, '╰', '┴', '╯');
        return true;
    }

    private static void Rule(StringBuilder text, int[] widths, char start, char between, char end)
    {
        text.Append(start);
        for (var c = 0; c < widths.Length; c++)
            text.Append('─', widths[c] + 2).Append(c == widths.Length - 1 ? end : between);
        text.Append('\n');
    }

    private void Line(StringBuilder text, int[] widths, string[] cells)
    {
        text.Append('│');
        for (var c = 0; c < widths.Length; c++)
        {
            var pad = widths[c] - PlainConsole.Width(cells[c]);
            text.Append(' ');
            if (_columns[c].Right)
                text.Append(' ', pad).Append(cells[c]);
            else
                text.Append(cells[c]).Append(' ', pad);
            text.Append(" │");
        }
        text.Append('\n');
    }

    private sealed record ColumnSpec(string Header, bool Right, bool NoWrap);
}
