namespace Barrage.Scenarios;

/// <summary>What loading one plugin assembly gave: its activity plugins, or why it could not be loaded.</summary>
/// <remarks>
/// Whoever uses the plugins holds this (a plan's and a compiled scenario's plugin activities do): it keeps the context
/// loaded, and <see cref="PluginLoader"/> returns it again for the same file for as long as it is held.
/// </remarks>
internal sealed record PluginLoad(IReadOnlyList<IActivityPlugin> Plugins, string? Error)
{
    /// <summary>The context the plugins live in; null when the load failed.</summary>
    public PluginLoadContext? Context { get; init; }

    public static PluginLoad Failed(string error) => new([], error);
}
