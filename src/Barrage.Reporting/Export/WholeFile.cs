namespace Barrage.Reporting.Export;

/// <summary>
/// Writes a result file whole or not at all: into a temporary file beside it (same directory, so same file system),
/// flushed to disk, then renamed over it. A write that fails midway (a full disk) leaves no empty or truncated file
/// for a reader, such as a CI job parsing <c>summary.json</c>, to take for the real one.
/// </summary>
public static class WholeFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>, not the temporary file. Whatever <paramref name="write"/> throws, nothing is left of the attempt.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be written.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException e)
        {
            Discard(temporary);
            // .NET names the file it failed on: the user knows it by its real name.
            throw new IOException(e.Message.Replace(temporary, path, StringComparison.Ordinal), e);
        }
        catch
        {
            Discard(temporary); // whatever went wrong in the writer (bad input too), no partial file stays
            throw;
        }
    }

    private static void Discard(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write's own error is the one to report.
        }
    }
}
