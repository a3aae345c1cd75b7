namespace Barrage.Formats.Imports;

/// <summary>A file that cannot be imported at all; the message names the file and, where it can, the line.</summary>
public sealed class ImportException(string message) : Exception(message);
