using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Barrage.Transport.Http1;

/// <summary>
/// One user's HTTP/1.1 connection: sends a request, times its phases and reads the response, reusing the
/// connection while the server allows it and reconnecting when it does not. Not thread-safe.
/// </summary>
/// <remarks>
/// In steady state (keep-alive, same request) a request allocates nothing: the request bytes are cached,
/// the socket's ValueTask operations reuse their event args, the async state machine comes from a pool,
/// the timeout source is reset rather than replaced, and the response is parsed in place in one buffer.
/// </remarks>
internal sealed partial class Http1Transport : ITransport
{
    // Large enough that a typical response arrives in one or two reads; 16 KiB per user.
    internal const int BufferSize = 16 * 1024;

    private static readonly double s_microsecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;
    private static readonly Action<object?> s_cancelFromCaller = static state => ((Http1Transport)state!).CancelFromCaller();

    private readonly TransportOptions _options;
    private readonly HostResolver _resolver;
    private readonly Http1ResponseParser _parser;
    private readonly TimeSpan _connectBudget;
    private byte[]? _buffer;
    private CancellationTokenSource _timeout = new();
    private Phase _phase;
    private bool _disposed;

    public Http1Transport(TransportOptions options, HostResolver resolver)
    {
        _options = options;
        _resolver = resolver;
        _parser = new Http1ResponseParser(options.MaxResponseHeaderBytes);
        _connectBudget = options.ConnectTimeout < options.RequestTimeout ? options.ConnectTimeout : options.RequestTimeout;
    }

    /// <summary>Whether a connection is open (for tests).</summary>
    internal bool IsConnected => _socket is not null;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Http1Request wire = Http1RequestWriter.GetOrCreate(request, _options.KeepAlive);
        if (cancellationToken.IsCancellationRequested)
            return TransportResult.Failed(NetCodes.Cancelled);
        byte[] buffer = _buffer ??= GC.AllocateUninitializedArray<byte>(BufferSize);

        long start = Stopwatch.GetTimestamp();
        long connected = start, sent = 0, firstByte = 0, end = 0;
        long bytesOut = 0, bytesIn = 0;
        int code = NetCodes.Ok;
        int status = 0;
        _phase = Phase.Connect;
        CancellationTokenRegistration callerRegistration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(s_cancelFromCaller, this)
            : default;
        CancellationToken token = _timeout.Token;
        try
        {
            Reuse reuse = CheckConnection(wire.Endpoint);
            if (reuse == Reuse.UnsolicitedBytes)
            {
                code = NetCodes.ProtocolError;
            }
            else
            {
                if (reuse == Reuse.Connect)
                {
                    _timeout.CancelAfter(_connectBudget);
                    await ConnectAsync(wire.Endpoint, token).ConfigureAwait(false);
                    connected = Stopwatch.GetTimestamp();
                    TimeSpan left = _options.RequestTimeout - Stopwatch.GetElapsedTime(start, connected);
                    _timeout.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                }
                else
                {
                    _timeout.CancelAfter(_options.RequestTimeout);
                }

                _phase = Phase.Send;
                ReadOnlyMemory<byte> bytes = wire.Bytes;
                if (_ssl is { } ssl)
                {
                    await ssl.WriteAsync(bytes, token).ConfigureAwait(false);
                    bytesOut = bytes.Length;
                }
                else
                {
                    while (bytesOut < bytes.Length)
                        bytesOut += await _socket!.SendAsync(bytes[(int)bytesOut..], SocketFlags.None, token).ConfigureAwait(false);
                }

                sent = Stopwatch.GetTimestamp();
                _phase = Phase.Receive;
                _parser.Reset(wire.IsHead);
                Http1ParseStatus parsed;
                while (true)
                {
                    int read = _ssl is { } tls
                        ? await tls.ReadAsync(buffer, token).ConfigureAwait(false)
                        : await _socket!.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                    end = Stopwatch.GetTimestamp();
                    if (read == 0)
                    {
                        parsed = _parser.Finish();
                        break;
                    }

                    if (bytesIn == 0)
                        firstByte = end;
                    bytesIn += read;
                    parsed = _parser.Parse(buffer.AsSpan(0, read), out int used);
                    if (parsed == Http1ParseStatus.NeedMore)
                        continue;
                    // Bytes after a complete response were not asked for (a body longer than announced,
                    // or a response to nothing): the connection's framing cannot be trusted any more.
                    if (parsed == Http1ParseStatus.Complete && used < read)
                        code = NetCodes.ProtocolError;
                    break;
                }

                if (code == NetCodes.Ok)
                {
                    code = _parser.NetCode;
                    if (parsed == Http1ParseStatus.Complete)
                        status = _parser.StatusCode;
                }
            }
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            code = ToNetCode(e, cancellationToken);
        }
        finally
        {
            callerRegistration.Dispose();
            if (!_timeout.TryReset())
            {
                _timeout.Dispose();
                _timeout = new CancellationTokenSource();
            }
        }

        if (code != NetCodes.Ok)
        {
            status = 0;
            end = Stopwatch.GetTimestamp();
            // The phase that failed gets the time up to the failure; the phases after it get none.
            if (_phase < Phase.Send) connected = end;
            if (_phase < Phase.Receive) sent = end;
            if (firstByte == 0) firstByte = end;
        }

        if (code != NetCodes.Ok || !_parser.KeepAlive || !_options.KeepAlive)
            CloseConnection();

        return new TransportResult(
            Microseconds(connected - start),
            Microseconds(sent - connected),
            Microseconds(firstByte - sent),
            Microseconds(end - firstByte),
            bytesOut,
            bytesIn,
            code,
            status);
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            CloseConnection();
            _timeout.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static long Microseconds(long ticks) => (long)(ticks * s_microsecondsPerTick);

    // Runs on the caller's cancellation; the operation in flight then ends with an OperationCanceledException.
    private void CancelFromCaller()
    {
        try
        {
            _timeout.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request already ended and the source was replaced.
        }
    }

    private enum Phase : byte
    {
        Resolve,
        Connect,
        Handshake,
        Send,
        Receive,
    }
}
