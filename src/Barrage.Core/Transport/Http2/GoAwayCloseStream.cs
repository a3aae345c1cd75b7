namespace Barrage.Transport.Http2;

/// <summary>
/// An HTTP/2 connection's stream as <c>SocketsHttpHandler</c> reads it, holding back the end of a connection that the
/// server closed after a GOAWAY until the handler has let go of the connection (or <see cref="Hold"/> has passed).
/// </summary>
/// <remarks>
/// Why: a server that ends connections after so many requests (nginx's <c>keepalive_requests</c>) sends GOAWAY and
/// closes at once. A request the handler had given a slot on the connection, but whose HEADERS were still queued, then
/// meets the connection already aborted by the close, and the handler fails it for good ("The HTTP/2 server closed the
/// connection") although it never went out; had the handler seen only the GOAWAY, it would have retried it on another
/// connection (it does so for a request that reaches the connection after the GOAWAY, never written). Holding back the
/// close lets every such request take that path: nothing is retried that was sent, only the order in which the handler
/// learns of GOAWAY and close changes. The handler disposes the connection's stream once its last request is settled;
/// a request the server left unanswered at the close fails as before, at most <see cref="Hold"/> later.
/// Only frame headers are looked at, to find a GOAWAY; the bytes pass unchanged.
/// </remarks>
internal sealed class GoAwayCloseStream(Stream inner) : Stream
{
    /// <summary>How long the end of the connection is held back at most, after a GOAWAY.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(1);

    private const int FrameHeaderSize = 9;
    private const byte GoAwayType = 0x7;

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _header = new byte[FrameHeaderSize];
    private int _headerFill;
    private int _payloadLeft;
    private bool _goAway;

    /// <summary>Whether a GOAWAY frame has come from the server.</summary>
    public bool GoAwaySeen => _goAway;

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0)
            Scan(buffer.Span[..read]);
        else if (buffer.Length > 0 && _goAway)
            await Task.WhenAny(_released.Task, Task.Delay(Hold, cancellationToken)).ConfigureAwait(false);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = inner.Read(buffer, offset, count);
        Scan(buffer.AsSpan(offset, read));
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _released.TrySetResult();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await inner.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    // Follows the frames through the bytes read (a header may be split across reads), until the first GOAWAY.
    private void Scan(ReadOnlySpan<byte> data)
    {
        while (!_goAway && data.Length > 0)
        {
            if (_payloadLeft > 0)
            {
                int skip = Math.Min(_payloadLeft, data.Length);
                _payloadLeft -= skip;
                data = data[skip..];
                continue;
            }
            int take = Math.Min(FrameHeaderSize - _headerFill, data.Length);
            data[..take].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += take;
            data = data[take..];
            if (_headerFill < FrameHeaderSize)
                return;
            _headerFill = 0;
            _payloadLeft = (_header[0] << 16) | (_header[1] << 8) | _header[2];
            _goAway = _header[3] == GoAwayType;
        }
    }
}
