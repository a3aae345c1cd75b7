namespace Barrage.Transport;

/// <summary>
/// What a transport measured for one request: phase times in microseconds, wire bytes, and the outcome
/// as codes (errors on the hot path are values, not exceptions).
/// </summary>
/// <param name="ConnectUs">Time to open the connection (TCP and TLS); 0 on a reused connection.</param>
/// <param name="SendUs">From connected to the request fully written.</param>
/// <param name="LatencyUs">From the request written to the first byte of the response.</param>
/// <param name="ReceiveUs">From the first byte to the last byte of the response.</param>
/// <param name="BytesOut">Bytes written to the connection.</param>
/// <param name="BytesIn">Bytes read from the connection (wire bytes: before any decoding).</param>
/// <param name="NetCode">A <see cref="NetCodes"/> value; 0 when the exchange completed.</param>
/// <param name="StatusCode">The HTTP status; 0 when no response was read.</param>
public readonly record struct TransportResult(
    long ConnectUs,
    long SendUs,
    long LatencyUs,
    long ReceiveUs,
    long BytesOut,
    long BytesIn,
    int NetCode,
    int StatusCode)
{
    /// <summary>The response, kept for a request that asked for it (<see cref="PreparedRequest.CaptureResponse"/>) and got one; null otherwise.</summary>
    public Scenarios.ResponseView? Response { get; init; }

    /// <summary>The protocol the result comes from: an HTTP status of 101 is an HTTP outcome, a web-socket operation's is not.</summary>
    /// <remarks>Defaults to <see cref="OutcomeKind.Http"/>.</remarks>
    public OutcomeKind Kind { get; init; }

    /// <summary>
    /// Microseconds the end of the response waited in the socket before the transport read it: the event-loop
    /// transport lets responses wait for its pacer's next instant, and knows from the kernel's receive stamp when
    /// they came. The sample's service time leaves it out. 0 where unknown (every other transport).
    /// </summary>
    public int ReadDelayUs { get; init; }

    /// <summary>A failure before anything was measured.</summary>
    public static TransportResult Failed(int netCode) => new(0, 0, 0, 0, 0, 0, netCode, 0);
}
