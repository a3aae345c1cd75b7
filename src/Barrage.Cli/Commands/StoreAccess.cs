using Barrage.Reporting.Store;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary>Opening the run store and finding runs in it (<c>RUN</c> is an id or <c>last</c>), with errors printed.</summary>
internal static class StoreAccess
{
    /// <summary>Opens the store; prints why and returns null when it cannot be opened (or holds no runs yet).</summary>
    public static RunStore? Open(IAnsiConsole console, string? option)
    {
        var path = RunStoreLocation.Resolve(option);
        if (!File.Exists(path))
        {
            console.MarkupLineInterpolated($"no runs recorded yet: the run store {path} does not exist");
            return null;
        }
        try
        {
            return RunStore.Open(path);
        }
        catch (StoreException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return null;
        }
    }

    /// <summary>The run <paramref name="reference"/> names; prints why and returns null when there is none.</summary>
    public static StoredRun? Find(IAnsiConsole console, RunStore store, string reference)
    {
        long? id = reference == "last"
            ? store.LatestId()
            : long.TryParse(reference.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
        if (id is null && reference != "last")
        {
            console.MarkupLineInterpolated($"[red]error:[/] expected a run id (see barrage history) or 'last', got '{reference}'");
            return null;
        }
        if ((id is { } found ? store.Get(found) : null) is { } run)
            return run;
        console.MarkupLineInterpolated($"[red]error:[/] {(reference == "last" ? "no runs recorded yet" : $"no run #{id}")} in {store.Path}");
        return null;
    }
}
