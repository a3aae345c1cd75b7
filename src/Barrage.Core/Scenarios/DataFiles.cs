using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace Barrage.Scenarios;

/// <summary>
/// Reads a data file into columns and rows, reporting every problem found (up to <see cref="MaxErrors"/>) rather than
/// stopping at the first: CSV with a header row (through CsvHelper), or a JSON list of objects.
/// </summary>
internal static class DataFiles
{
    /// <summary>The most problems reported per file.</summary>
    public const int MaxErrors = 10;

    /// <summary>Reads <paramref name="path"/>; columns and rows are valid only when <paramref name="errors"/> stays empty.</summary>
    public static (IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) Read(string path, DataFormat format, List<string> errors)
    {
        try
        {
            var (columns, rows) = format == DataFormat.Csv ? ReadCsv(path, errors) : ReadJson(path, errors);
            CheckColumns(columns, errors);
            if (errors.Count == 0 && rows.Count == 0)
                errors.Add($"{path} has no rows");
            return (columns, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"cannot read {path}: {e.Message}");
            return ([], []);
        }
    }

    private static (IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<string>>) ReadCsv(string path, List<string> errors)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true, DetectDelimiter = false };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, config);
        var rows = new List<IReadOnlyList<string>>();
        string[] header;
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } names)
            {
                errors.Add($"{path} is empty; expected a header row naming the columns");
                return ([], []);
            }
            header = names;
            while (csv.Read() && errors.Count < MaxErrors)
            {
                var count = csv.Parser.Count;
                if (count != header.Length)
                {
                    errors.Add($"{path}:{csv.Parser.RawRow}: {count} fields, but the header names {header.Length} columns");
                    continue;
                }
                var row = new string[count];
                for (var i = 0; i < count; i++)
                    row[i] = csv.Parser[i] ?? "";
                rows.Add(row);
            }
        }
        catch (CsvHelperException e)
        {
            errors.Add($"{path}:{csv.Parser.RawRow}: not valid CSV: {FirstLine(e.Message)}");
            return ([], []);
        }
        return (header, rows);
    }

    private static (IReadOnlyList<string>, IReadOnlyList<IReadOnlyList<string>>) ReadJson(string path, List<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            errors.Add($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {FirstLine(e.Message)}");
            return ([], []);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{path}: expected a list of objects, such as [{{\"name\": \"alice\"}}]");
                return ([], []);
            }
            var columns = new List<string>();
            var rows = new List<IReadOnlyList<string>>();
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                index++;
                if (errors.Count >= MaxErrors)
                    break;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{path}: item {index} is not an object");
                    continue;
                }
                if (index == 1)
                    columns.AddRange(item.EnumerateObject().Select(p => p.Name));
                var row = new string[columns.Count];
                var seen = 0;
                foreach (var property in item.EnumerateObject())
                {
                    var column = columns.IndexOf(property.Name);
                    if (column < 0)
                    {
                        errors.Add($"{path}: item {index} has '{property.Name}', which the first item does not have");
                        continue;
                    }
                    row[column] = Text(property.Value);
                    seen++;
                }
                if (seen < columns.Count)
                    errors.Add($"{path}: item {index} lacks {string.Join(", ", columns.Where((_, i) => row[i] is null).Select(c => $"'{c}'"))}");
                else
                    rows.Add(row);
            }
            return (columns, rows);
        }
    }

    private static void CheckColumns(IReadOnlyList<string> columns, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            var name = columns[i];
            if (name.Length == 0)
                errors.Add($"column {i + 1} has no name");
            else if (name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '$' or '{' or '}'))
                errors.Add($"column {i + 1} {Plans.PlanRules.Quote(name)} cannot be a variable name (no spaces, '$', '{{' or '}}')");
            else if (!seen.Add(name))
                errors.Add($"column '{name}' appears twice");
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
