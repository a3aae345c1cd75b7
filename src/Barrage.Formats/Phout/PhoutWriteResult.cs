namespace Barrage.Formats.Phout;

/// <summary>What a <see cref="PhoutWriter"/> achieved: lines on disk, lines lost, and why they were lost.</summary>
/// <param name="LinesWritten">Complete lines handed to the operating system.</param>
/// <param name="LinesLost">Samples recorded but not in the file (a write failed, the disk fell too far behind, or they came after completion).</param>
/// <param name="Error">The first reason lines were lost (or, with none lost, why the final flush to disk failed); null when all is well.</param>
public sealed record PhoutWriteResult(long LinesWritten, long LinesLost, string? Error);
