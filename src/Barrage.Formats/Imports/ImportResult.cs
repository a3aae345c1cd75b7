namespace Barrage.Formats.Imports;

/// <summary>What an import made: the plan as YAML text, and what it could not carry over.</summary>
/// <param name="Yaml">The plan, ready to write to a file and run.</param>
/// <param name="Warnings">Everything left out or changed; also listed as comments at the top of <paramref name="Yaml"/>.</param>
public sealed record ImportResult(string Yaml, IReadOnlyList<ImportWarning> Warnings);
