using System.Diagnostics;
using System.Net;

namespace Barrage.Transport.Http2;

/// <summary>
/// A request body that notes when the handler has taken all of it: the end of the send phase, the one point of a
/// request's sending that <c>SocketsHttpHandler</c> lets a caller observe.
/// </summary>
internal sealed class TimedContent(ReadOnlyMemory<byte> body) : HttpContent
{
    /// <summary>The <see cref="Stopwatch"/> timestamp when the last body byte was handed to the connection; 0 until then.</summary>
    public long WrittenTimestamp { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(body, cancellationToken);
        WrittenTimestamp = Stopwatch.GetTimestamp();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
