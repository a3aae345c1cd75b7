using Barrage.Scenarios;

namespace Barrage.Plans;

/// <summary>
/// An activity that runs code of its own: one a plugin made from its YAML (<c>tcp_ping: host:port</c>), or one added in C#
/// (<see cref="ActivityListBuilder.Custom"/>). Its samples are recorded like a request's.
/// </summary>
/// <param name="Kind">The activity's name, its YAML key (<c>tcp_ping</c>); samples of a failure of the activity itself are tagged with it.</param>
/// <param name="Body">What runs.</param>
public sealed record CustomActivity(string Kind, ICustomActivity Body) : Activity
{
    /// <summary>The plugin load <see cref="Body"/> came from, held so the plugin stays loaded while the activity exists; null for one added in C#.</summary>
    internal PluginLoad? Plugin { get; init; }
}
