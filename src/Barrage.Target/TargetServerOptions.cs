namespace Barrage.Target;

/// <summary>Options of a <see cref="TargetServer"/>.</summary>
public sealed record TargetServerOptions
{
    /// <summary>
    /// Where to listen: <c>host:port</c> or <c>[v6]:port</c>; <c>localhost</c> means 127.0.0.1, <c>*</c> every
    /// IPv4 interface, and port 0 a free port (read the real one from <see cref="TargetServer.BaseAddress"/>).
    /// </summary>
    /// <remarks>Defaults to <c>127.0.0.1:0</c>.</remarks>
    public string Listen { get; init; } = "127.0.0.1:0";

    /// <summary>A stall schedule in force from the start, as if <c>/stall</c> had been called at startup.</summary>
    /// <remarks>Defaults to null: no stalls until <c>/stall</c> sets some.</remarks>
    public StallSchedule? Stall { get; init; }
}
