namespace Barrage.Formats.Phout;

/// <summary>A phout line that cannot be read; names the file, the line and the column (1 to 12).</summary>
public sealed class PhoutFormatException : FormatException
{
    /// <summary>Creates the exception; the message is "file:line: column N (name): problem".</summary>
    public PhoutFormatException(string file, long line, int column, string problem)
        : base(column > 0
            ? $"{file}:{line}: column {column} ({PhoutReader.ColumnName(column)}): {problem}"
            : $"{file}:{line}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file (or source name) read.</summary>
    public string File { get; }

    /// <summary>1-based line number.</summary>
    public long Line { get; }

    /// <summary>1-based column (field) number; 0 when the line as a whole is wrong (wrong number of columns).</summary>
    public int Column { get; }
}
