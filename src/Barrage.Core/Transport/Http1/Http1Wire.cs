namespace Barrage.Transport.Http1;

/// <summary>The bytes Barrage's HTTP/1.1 client puts on the wire for a request, for tools that write them elsewhere (ammo export).</summary>
public static class Http1Wire
{
    /// <summary>The whole request, head and body, as the transport would send it.</summary>
    /// <exception cref="ArgumentException">The method, a header or the scheme cannot be written as HTTP/1.1.</exception>
    public static ReadOnlyMemory<byte> Encode(PreparedRequest request, bool keepAlive = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Http1RequestWriter.Create(request, keepAlive).Bytes;
    }
}
