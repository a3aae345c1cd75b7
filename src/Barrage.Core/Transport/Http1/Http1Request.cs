namespace Barrage.Transport.Http1;

/// <summary>
/// A <see cref="PreparedRequest"/> as this transport sends it: its bytes, serialized once and kept in
/// <see cref="PreparedRequest.TransportCache"/>, and what the transport needs to know about it.
/// </summary>
internal sealed class Http1Request(ReadOnlyMemory<byte> bytes, Http1Endpoint endpoint, bool isHead, bool keepAlive)
{
    /// <summary>The whole request on the wire: head and body.</summary>
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public Http1Endpoint Endpoint { get; } = endpoint;

    /// <summary>The method is HEAD: the response has no body.</summary>
    public bool IsHead { get; } = isHead;

    /// <summary>The keep-alive setting these bytes were written for (it decides the Connection header).</summary>
    public bool KeepAlive { get; } = keepAlive;
}
