namespace Barrage.Formats.Ammo;

/// <summary>
/// An ammo file that cannot be used, found before the test starts. The message names the file, the
/// line and the byte offset: <c>ammo.txt:3 (byte 45): problem</c>.
/// </summary>
public sealed class AmmoFormatException : FormatException
{
    /// <summary>Creates the exception; <paramref name="line"/> 0 means the problem is not on a line (the file as a whole).</summary>
    public AmmoFormatException(string file, int line, long offset, string problem)
        : base(line > 0 ? $"{file}:{line} (byte {offset}): {problem}" : $"{file} (byte {offset}): {problem}")
    {
        File = file;
        Line = line;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The file (or source name) read.</summary>
    public string File { get; }

    /// <summary>1-based line of the problem; 0 when it concerns the whole file (too large, not valid gzip).</summary>
    public int Line { get; }

    /// <summary>0-based byte offset of the problem's line or request (in the decompressed data for gzip files).</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; }
}
