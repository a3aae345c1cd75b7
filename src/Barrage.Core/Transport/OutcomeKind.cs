namespace Barrage.Transport;

/// <summary>The protocol a <see cref="TransportResult"/> comes from, which decides the kind its outcome is counted as (see <see cref="Metrics.Outcomes"/>).</summary>
public enum OutcomeKind : byte
{
    /// <summary>An HTTP exchange (and anything else that does not say otherwise): counted by its status.</summary>
    Http = 0,

    /// <summary>A web-socket operation: counted as "WS ok" when it succeeded, by its net code when not, never as an HTTP status.</summary>
    WebSocket = 1,

    /// <summary>A plugin's measurement (<c>tcp_ping</c>) without an HTTP status: counted as "custom ok" when it succeeded, by its net code when not.</summary>
    Custom = 2,
}
