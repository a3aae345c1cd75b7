namespace Barrage.Reporting.Store;

/// <summary>Where the run store lives: <c>--store PATH</c>, else <c>BARRAGE_STORE</c>, else the user's data directory.</summary>
public static class RunStoreLocation
{
    /// <summary>The environment variable that names the store file.</summary>
    public const string EnvironmentVariable = "BARRAGE_STORE";

    /// <summary>The store file to use.</summary>
    /// <param name="option">The <c>--store</c> option, or null.</param>
    /// <remarks>
    /// The default is <c>$XDG_DATA_HOME/barrage/runs.db</c>, or <c>~/.local/share/barrage/runs.db</c> when
    /// XDG_DATA_HOME is not set (on Windows, <c>%LOCALAPPDATA%\barrage\runs.db</c>).
    /// </remarks>
    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return Path.GetFullPath(option);
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env)
            return Path.GetFullPath(env);
        string data;
        if (OperatingSystem.IsWindows())
            data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        else if (Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            data = xdg;
        else
            data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "barrage", "runs.db");
    }
}
