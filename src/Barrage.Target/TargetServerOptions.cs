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

    /// <summary>
    /// Where to serve HTTP/2 without TLS (h2c with prior knowledge), in the same form as <see cref="Listen"/>; null for
    /// no such listener. A port of its own because Kestrel serves one protocol on a cleartext endpoint: without ALPN it
    /// cannot tell an HTTP/2 preface from an HTTP/1.1 request.
    /// </summary>
    /// <remarks>Defaults to null.</remarks>
    public string? Http2Listen { get; init; }

    /// <summary>
    /// Where to serve https (HTTP/1.1 and HTTP/2, chosen by ALPN) with a self-signed certificate made at startup for
    /// <c>localhost</c>, 127.0.0.1 and ::1; null for no such listener. Clients must turn certificate checks off.
    /// </summary>
    /// <remarks>Defaults to null.</remarks>
    public string? TlsListen { get; init; }
}
