namespace Barrage.Formats.Imports;

/// <summary>What an import made: the plan as YAML text, the files it needs beside it, and what it could not carry over.</summary>
/// <param name="Yaml">The plan, ready to write to a file and run.</param>
/// <param name="Warnings">Everything left out or changed; also listed as comments at the top of <paramref name="Yaml"/>.</param>
public sealed record ImportResult(string Yaml, IReadOnlyList<ImportWarning> Warnings)
{
    /// <summary>Files the plan refers to by a path relative to itself (data files in a form Barrage reads), to write beside it.</summary>
    public IReadOnlyList<CompanionFile> Files { get; init; } = [];
}

/// <summary>A file an imported plan needs beside it.</summary>
/// <param name="Name">Its file name, as the plan refers to it.</param>
/// <param name="Content">Its text.</param>
public sealed record CompanionFile(string Name, string Content);
