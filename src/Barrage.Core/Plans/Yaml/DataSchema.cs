using Barrage.Scenarios;

namespace Barrage.Plans.Yaml;

/// <summary>
/// Reads a plan's <c>data:</c>: a mapping of names to feeders, <c>users: { csv: users.csv, order: unique, bind: iteration }</c>
/// (or <c>json:</c> for a list of objects), with an optional <c>columns: [name, password]</c> the file must have. The
/// file is read now, relative to the plan's folder, so a missing file or a bad row is a mistake in the plan.
/// </summary>
internal static class DataSchema
{
    private static readonly Dictionary<string, DataOrder> Orders = new(StringComparer.Ordinal)
    {
        ["circular"] = DataOrder.Circular,
        ["random"] = DataOrder.Random,
        ["unique"] = DataOrder.Unique,
    };

    private static readonly Dictionary<string, DataBinding> Bindings = new(StringComparer.Ordinal)
    {
        ["user"] = DataBinding.User,
        ["iteration"] = DataBinding.Iteration,
    };

    private static readonly MapSchema<Draft> Fields = new MapSchema<Draft>()
        .Field("csv", (d, v, r) => ReadFile(d, v, r, DataFormat.Csv))
        .Field("json", (d, v, r) => ReadFile(d, v, r, DataFormat.Json))
        .Field("order", (d, v, r) => r.Choice(v, Orders) is { } o ? d with { Order = o } : d)
        .Field("bind", (d, v, r) => r.Choice(v, Bindings) is { } b ? d with { Bind = b } : d)
        .Field("columns", (d, v, r) => d with { Columns = r.List(v, (item, ir) => ir.Text(item) is { } c ? new Column(c, item) : null) })
        .Check(CheckDraft);

    /// <summary>Reads <c>data:</c>; nothing for null. Mistakes go to <paramref name="reader"/>.</summary>
    public static IReadOnlyList<DataSource> Read(YamlValue value, NodeReader reader) => NamedEntries.Read(
        value, reader, ExtractSchema.VariableName, "a mapping of names to data files, such as { users: { csv: users.csv } }",
        (name, key, entry) => Fields.Read(entry, new Draft(), reader) is { Path: { } path, Format: { } format, Loaded: true } draft
            ? new DataSource
            {
                Name = name,
                Path = path,
                Format = format,
                Columns = draft.FileColumns,
                Rows = draft.Rows,
                Order = draft.Order,
                Bind = draft.Bind,
                Position = key.Start,
            }
            : null);

    private static Draft ReadFile(Draft draft, YamlValue value, NodeReader reader, DataFormat format)
    {
        if (reader.Text(value) is not { } file)
            return draft;
        var full = PlanFiles.FullPath(file, value, reader);
        draft = draft with { Path = full, Format = format };
        if (!File.Exists(full))
        {
            reader.Error(value, $"data file not found: {full}");
            return draft;
        }
        var errors = new List<string>();
        var (columns, rows) = DataFiles.Read(full, format, errors);
        foreach (var error in errors)
            reader.Error(value, error);
        return errors.Count > 0 ? draft : draft with { FileColumns = columns, Rows = rows, Loaded = true };
    }

    private static void CheckDraft(Draft draft, MappingNode map, string path, NodeReader reader)
    {
        var sources = map.Entries.Where(e => e.Key is ScalarNode { IsNull: false, Value: "csv" or "json" }).ToList();
        if (sources.Count == 0)
            reader.Error(map, $"{path}: needs its file: 'csv: FILE' (with a header row) or 'json: FILE' (a list of objects)");
        else if (sources.Count > 1)
            reader.Error(sources[1].Key, $"{path}: a data entry reads one file; found both 'csv' and 'json'");
        if (!draft.Loaded)
            return;
        foreach (var column in draft.Columns)
        {
            if (!draft.FileColumns.Contains(column.Name, StringComparer.Ordinal))
            {
                reader.Error(column.At, $"column '{column.Name}' is not in {draft.Path} (its columns: {string.Join(", ", draft.FileColumns)})"
                    + (Suggestions.Closest(column.Name, draft.FileColumns) is { } guess ? $"; did you mean '{guess}'?" : ""));
            }
        }
    }

    private sealed record Column(string Name, YamlValue At);

    private sealed record Draft
    {
        public string? Path { get; init; }

        public DataFormat? Format { get; init; }

        public bool Loaded { get; init; }

        public IReadOnlyList<string> FileColumns { get; init; } = [];

        public IReadOnlyList<IReadOnlyList<string>> Rows { get; init; } = [];

        public IReadOnlyList<Column> Columns { get; init; } = [];

        public DataOrder Order { get; init; } = DataOrder.Circular;

        public DataBinding Bind { get; init; } = DataBinding.User;
    }
}
