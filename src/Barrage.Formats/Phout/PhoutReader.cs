using System.Globalization;
using System.Text;

namespace Barrage.Formats.Phout;

/// <summary>Reads phout files (Barrage's, Phantom's, Pandora's) back into records, strictly: 12 columns a line.</summary>
public static class PhoutReader
{
    private static readonly string[] ColumnNames =
    [
        "time", "tag", "interval_real", "connect_time", "send_time", "latency",
        "receive_time", "interval_event", "size_out", "size_in", "net_code", "proto_code",
    ];

    /// <summary>The number of columns on every line.</summary>
    public const int ColumnCount = 12;

    /// <summary>Reads the file lazily, line by line; blank lines are skipped.</summary>
    /// <exception cref="PhoutFormatException">A line is malformed (raised when that line is reached).</exception>
    public static IEnumerable<PhoutRecord> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadFile(path);
    }

    /// <summary>Reads lines from <paramref name="reader"/> lazily; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="PhoutFormatException">A line is malformed (raised when that line is reached).</exception>
    public static IEnumerable<PhoutRecord> Read(TextReader reader, string source = "phout")
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadLines(reader, source);
    }

    internal static string ColumnName(int column) =>
        column is >= 1 and <= ColumnCount ? ColumnNames[column - 1] : "?";

    private static IEnumerable<PhoutRecord> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        foreach (var record in ReadLines(reader, path))
            yield return record;
    }

    private static IEnumerable<PhoutRecord> ReadLines(TextReader reader, string source)
    {
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            yield return ParseLine(line, source, number);
        }
    }

    /// <summary>Parses one line (without its line end).</summary>
    internal static PhoutRecord ParseLine(ReadOnlySpan<char> line, string source, long number)
    {
        Span<Range> fields = stackalloc Range[ColumnCount + 1];
        int count = line.Split(fields, '\t');
        if (count != ColumnCount)
        {
            int found = count <= ColumnCount ? count : line.Count('\t') + 1;
            throw new PhoutFormatException(source, number, 0, $"expected {ColumnCount} tab-separated columns, found {found}");
        }
        return new PhoutRecord(
            ParseTime(line[fields[0]], source, number),
            line[fields[1]].ToString(),
            ParseLong(line, fields, 3, source, number),
            ParseLong(line, fields, 4, source, number),
            ParseLong(line, fields, 5, source, number),
            ParseLong(line, fields, 6, source, number),
            ParseLong(line, fields, 7, source, number),
            ParseLong(line, fields, 8, source, number),
            ParseLong(line, fields, 9, source, number),
            ParseLong(line, fields, 10, source, number),
            ParseInt(line, fields, 11, source, number),
            ParseInt(line, fields, 12, source, number));
    }

    private static long ParseLong(ReadOnlySpan<char> line, Span<Range> fields, int column, string source, long number)
    {
        var text = line[fields[column - 1]];
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw new PhoutFormatException(source, number, column, $"'{Shorten(text)}' is not an integer");
        return value;
    }

    private static int ParseInt(ReadOnlySpan<char> line, Span<Range> fields, int column, string source, long number)
    {
        var text = line[fields[column - 1]];
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            throw new PhoutFormatException(source, number, column, $"'{Shorten(text)}' is not an integer code");
        return value;
    }

    // "seconds[.fraction]": the fraction is read to the millisecond (Phantom writes exactly 3 digits;
    // other tools write more, which is truncated).
    private static long ParseTime(ReadOnlySpan<char> text, string source, long number)
    {
        bool negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        int dot = digits.IndexOf('.');
        var whole = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? [] : digits[(dot + 1)..];
        if (whole.IsEmpty || whole.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9')
            || (dot >= 0 && fraction.IsEmpty)
            || !long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || seconds > long.MaxValue / 1000 - 1)
        {
            throw new PhoutFormatException(source, number, 1, $"'{Shorten(text)}' is not a time in seconds (like 1700000000.123)");
        }
        long millis = 0;
        for (int i = 0; i < 3; i++)
            millis = millis * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
        long total = seconds * 1000 + millis;
        return negative ? -total : total;
    }

    private static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "...");
}
