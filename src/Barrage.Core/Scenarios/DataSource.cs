using Barrage.Plans;

namespace Barrage.Scenarios;

/// <summary>
/// One entry of a plan's <c>data:</c>, read and validated when the plan is loaded: the file's rows, and how they
/// are handed out. A row's values become the user's variables <c>NAME.COLUMN</c> (<c>users.password</c>).
/// </summary>
public sealed record DataSource
{
    /// <summary>The entry's name: the prefix of its variables.</summary>
    public required string Name { get; init; }

    /// <summary>The file, as a full path (a plan's relative path is taken from the plan's folder).</summary>
    public required string Path { get; init; }

    /// <summary>CSV or JSON.</summary>
    public required DataFormat Format { get; init; }

    /// <summary>The column names, in file order.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The rows, each with one value per column.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Rows { get; init; }

    /// <summary>How rows are handed out.</summary>
    /// <remarks>Defaults to <see cref="DataOrder.Circular"/>.</remarks>
    public DataOrder Order { get; init; } = DataOrder.Circular;

    /// <summary>When a user takes a row.</summary>
    /// <remarks>Defaults to <see cref="DataBinding.User"/>.</remarks>
    public DataBinding Bind { get; init; } = DataBinding.User;

    /// <summary>Where the entry is in the plan, for messages.</summary>
    public SourcePosition Position { get; init; } = SourcePosition.None;

    /// <summary>The variable a column's value goes into: <c>NAME.COLUMN</c>.</summary>
    public string VariableOf(string column) => $"{Name}.{column}";

    /// <summary>Every variable a row sets, in column order.</summary>
    public IEnumerable<string> Variables => Columns.Select(VariableOf);
}
