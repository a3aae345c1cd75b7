namespace Barrage.Scenarios;

/// <summary>What loading one plugin assembly gave: its activity plugins, or why it could not be loaded.</summary>
internal sealed record PluginLoad(IReadOnlyList<IActivityPlugin> Plugins, string? Error)
{
    public static PluginLoad Failed(string error) => new([], error);
}
