namespace Barrage.Plans;

/// <summary>A place in a plan file: 1-based line and column, as editors show them.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    /// <summary>No known position (a plan built in code, or an option from the command line).</summary>
    public static readonly SourcePosition None = new("", 0, 0);

    /// <summary>True when the position has a line (and so a column).</summary>
    public bool IsKnown => Line > 0;

    /// <summary><c>file:line:column</c>, or just the file when the line is unknown.</summary>
    public override string ToString() => IsKnown ? $"{File}:{Line}:{Column}" : File;
}
