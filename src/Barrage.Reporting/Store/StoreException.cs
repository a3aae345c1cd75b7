namespace Barrage.Reporting.Store;

/// <summary>The run store could not be opened, read or written; the message says which file and why.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
