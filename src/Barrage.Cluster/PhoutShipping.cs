namespace Barrage.Cluster;

/// <summary>How an agent ships its phout file to the coordinator (<see cref="PhoutShipper"/>); tests shrink the sizes and times.</summary>
internal sealed record PhoutShipping
{
    /// <summary>The defaults below.</summary>
    public static PhoutShipping Default { get; } = new();

    /// <summary>Bytes of the file per chunk.</summary>
    /// <remarks>Defaults to 512 KiB: as base64 in JSON it stays under NATS's default 1 MiB payload limit.</remarks>
    public int ChunkSize { get; init; } = 512 * 1024;

    /// <summary>How many chunks may be unacknowledged at once.</summary>
    /// <remarks>
    /// Defaults to 8 (4 MiB in flight): enough to keep loopback and a LAN busy while the coordinator writes, small enough
    /// that neither the coordinator's subscription nor the server's slow-consumer limit is ever near full.
    /// </remarks>
    public int Window { get; init; } = 8;

    /// <summary>How long the oldest unacknowledged chunk waits before the window is resent, at first.</summary>
    /// <remarks>Defaults to 1 s; it grows with the time acknowledgements are seen to take, and doubles on every resend.</remarks>
    public TimeSpan FirstResend { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between resends.</summary>
    /// <remarks>Defaults to 8 s.</remarks>
    public TimeSpan MaxResend { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long without any acknowledgement before the agent gives up (the coordinator or NATS is gone).</summary>
    /// <remarks>Defaults to 30 s: past a NATS restart's reconnection, within the coordinator's own wait for phout files.</remarks>
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(30);
}
