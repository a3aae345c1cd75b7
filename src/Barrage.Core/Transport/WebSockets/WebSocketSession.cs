using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using Barrage.Transport.Http2;

namespace Barrage.Transport.WebSockets;

/// <summary>
/// One user's web socket (over <see cref="ClientWebSocket"/>): connect, send, receive and close, each timed and returned
/// as a <see cref="TransportResult"/> the engine records as a sample (tags such as <c>WS connect /ws</c>); failures are
/// net codes, never exceptions. Not thread-safe: one operation at a time, like a transport.
/// </summary>
/// <remarks>
/// Every result of an open session has proto code 101 (the upgrade the session lives on), and every result is of kind
/// <see cref="OutcomeKind.WebSocket"/>: counted as <c>WS ok</c> or by its net code, never as an HTTP status. Connect times TCP, TLS and the
/// upgrade's round trip; a server that answers the upgrade with another status gives net code 71 and that status.
/// Send times handing the message to the socket. Receive's latency runs from the call to the message's first byte
/// and its receive phase to its last. Timeouts are 110, a connection dropped without a close frame 104, an operation on
/// a session that is not open 32 (send) or 104 (receive). A receive that times out leaves the socket open and its read
/// pending: a message that arrives later is the next receive's. Bytes are payload bytes: the upgrade's and the frames'
/// overhead are not counted.
/// </remarks>
public sealed class WebSocketSession : IAsyncDisposable
{
    /// <summary>The proto code of operations on an open session: the upgrade's status.</summary>
    public const int UpgradedStatus = 101;

    /// <summary>The largest message a receive collects; a larger one is a protocol error (71) and ends the session.</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    private static readonly double s_microsecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    private readonly ClientWebSocket _socket = new();
    private readonly TransportOptions _options;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly MemoryStream _message = new();
    private Task<ValueWebSocketReceiveResult>? _pending;
    private long _firstByteAt;
    private bool _connectCalled;

    /// <summary>A session that is not connected yet; certificate checks and timeouts come from <paramref name="options"/>.</summary>
    public WebSocketSession(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _socket.Options.CollectHttpResponseDetails = true;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero; // no pings of our own mixed into what is measured
        if (!options.VerifyCertificates)
            _socket.Options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
    }

    /// <summary>The subprotocol asked for in the upgrade (<c>Sec-WebSocket-Protocol</c>); null for none. Set before connecting.</summary>
    /// <remarks>Defaults to null. A server that answers with another subprotocol fails the connect (net code 71).</remarks>
    public string? Subprotocol { get; init; }

    /// <summary>The subprotocol the server chose; null before connecting, or when it chose none.</summary>
    public string? AcceptedSubprotocol => _socket.SubProtocol;

    // Set once the upgrade succeeded: tells a session that was open and closed from one that never opened.
    private bool _connected;

    /// <summary>Whether the session is open for sending and receiving.</summary>
    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>Opens the session (once): <c>ws://</c> or <c>wss://</c>, with extra request headers for the upgrade.</summary>
    /// <exception cref="InvalidOperationException">The session was connected before.</exception>
    /// <exception cref="ArgumentException">The URI is not ws:// or wss://, or a header is not valid (bad input, for the plan's validation to catch first).</exception>
    public async ValueTask<TransportResult> ConnectAsync(Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        if (_connectCalled)
            throw new InvalidOperationException("A web socket session connects once.");
        _connectCalled = true;
        foreach (var (name, value) in headers)
            _socket.Options.SetRequestHeader(name, value);
        if (Subprotocol is not null)
            _socket.Options.AddSubProtocol(Subprotocol);

        using var deadline = Deadline(timeout, cancellationToken);
        long start = Stopwatch.GetTimestamp();
        try
        {
            await _socket.ConnectAsync(uri, deadline.Token);
            _connected = true;
            return Result(Since(start), 0, 0, 0, 0, 0, NetCodes.Ok, UpgradedStatus);
        }
        catch (Exception e) when (HttpFailures.IsTransportFailure(e))
        {
            // answered, but not with an upgrade: the status says what the server did instead
            int status = (int)_socket.HttpStatusCode;
            int code = status != 0 && status != UpgradedStatus && !cancellationToken.IsCancellationRequested
                ? NetCodes.ProtocolError
                : HttpFailures.ToNetCode(e, cancellationToken.IsCancellationRequested);
            return Result(Since(start), 0, 0, 0, 0, 0, code, status == UpgradedStatus ? 0 : status);
        }
    }

    /// <summary>Sends a text message (UTF-8).</summary>
    public ValueTask<TransportResult> SendAsync(string text, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, timeout, cancellationToken);

    /// <summary>Sends a binary message.</summary>
    public ValueTask<TransportResult> SendAsync(ReadOnlyMemory<byte> bytes, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(bytes, WebSocketMessageType.Binary, timeout, cancellationToken);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the next whole message; with <paramref name="expected"/>, says whether
    /// its text matches (a mismatch is the engine's check failure, the message is returned either way).
    /// </summary>
    public async ValueTask<WebSocketReceived> ReceiveAsync(TimeSpan timeout, Regex? expected, CancellationToken cancellationToken)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseSent) && _pending is null)
            return FailedReceive(NetCodes.ConnectionReset);
        using var deadline = Deadline(timeout, cancellationToken);
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            ValueWebSocketReceiveResult chunk;
            try
            {
                // read without a token: cancelling a read aborts the socket, and a timeout must not
                _pending ??= _socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None).AsTask();
                chunk = await _pending.WaitAsync(deadline.Token);
                _pending = null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return FailedReceive(NetCodes.Timeout, start); // the read stays pending, for the next receive
            }
            catch (Exception e) when (HttpFailures.IsTransportFailure(e))
            {
                if (_pending is { IsCompleted: true })
                    _pending = null;
                return FailedReceive(HttpFailures.ToNetCode(e, cancellationToken.IsCancellationRequested), start);
            }

            long now = Stopwatch.GetTimestamp();
            if (chunk.MessageType == WebSocketMessageType.Close)
            {
                var closed = Result(0, 0, Microseconds(now - start), 0, 0, 0, NetCodes.Ok, UpgradedStatus);
                ResetMessage();
                return new WebSocketReceived(closed, WebSocketMessageType.Close, ReadOnlyMemory<byte>.Empty,
                    expected is null ? null : false, _socket.CloseStatus);
            }
            if (_firstByteAt == 0)
                _firstByteAt = now;
            _message.Write(_buffer, 0, chunk.Count);
            if (_message.Length > MaxMessageBytes)
            {
                _socket.Abort();
                ResetMessage();
                return FailedReceive(NetCodes.ProtocolError, start);
            }
            if (!chunk.EndOfMessage)
                continue;

            long first = Math.Max(_firstByteAt, start);
            var payload = _message.ToArray();
            ResetMessage();
            var result = Result(0, 0, Microseconds(first - start), Microseconds(now - first), 0, payload.Length,
                NetCodes.Ok, UpgradedStatus);
            bool? matched = expected?.IsMatch(Encoding.UTF8.GetString(payload));
            return new WebSocketReceived(result, chunk.MessageType, payload, matched, null);
        }
    }

    /// <summary>
    /// Closes the session properly (status 1000) and waits for the server's close, up to <paramref name="timeout"/>;
    /// messages still arriving meanwhile are dropped. Closing a session the server dropped is 104; a closed one, a no-op.
    /// </summary>
    public async ValueTask<TransportResult> CloseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // A connect that failed leaves the client Closed too, but nothing was ever open to close: not a success.
        if (!_connected)
            return Failed(NetCodes.ConnectionReset);
        if (_socket.State is WebSocketState.Closed)
            return Result(0, 0, 0, 0, 0, 0, NetCodes.Ok, UpgradedStatus);
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived or WebSocketState.CloseSent))
            return Failed(NetCodes.ConnectionReset);
        using var deadline = Deadline(timeout, cancellationToken);
        long start = Stopwatch.GetTimestamp();
        try
        {
            if (_socket.State != WebSocketState.CloseSent)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
            while (_socket.State == WebSocketState.CloseSent)
            {
                _pending ??= _socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None).AsTask();
                await _pending.WaitAsync(deadline.Token);
                _pending = null;
            }
            ResetMessage();
            return Result(0, 0, Since(start), 0, 0, 0, NetCodes.Ok, UpgradedStatus);
        }
        catch (Exception e) when (HttpFailures.IsTransportFailure(e))
        {
            _socket.Abort();
            return Result(0, 0, Since(start), 0, 0, 0, HttpFailures.ToNetCode(e, cancellationToken.IsCancellationRequested), 0);
        }
    }

    /// <summary>Drops the connection without a close handshake (use <see cref="CloseAsync"/> for a proper close).</summary>
    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        _pending?.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default); // observed: the abort fails it
        _message.Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<TransportResult> SendAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        if (_socket.State != WebSocketState.Open)
            return Failed(NetCodes.BrokenPipe);
        using var deadline = Deadline(timeout, cancellationToken);
        long start = Stopwatch.GetTimestamp();
        try
        {
            await _socket.SendAsync(bytes, type, endOfMessage: true, deadline.Token);
            return Result(0, Since(start), 0, 0, bytes.Length, 0, NetCodes.Ok, UpgradedStatus);
        }
        catch (Exception e) when (HttpFailures.IsTransportFailure(e))
        {
            int code = HttpFailures.ToNetCode(e, cancellationToken.IsCancellationRequested);
            return Result(0, Since(start), 0, 0, 0, 0, code == NetCodes.ConnectionReset ? NetCodes.BrokenPipe : code, 0);
        }
    }

    private WebSocketReceived FailedReceive(int netCode, long start = 0)
    {
        if (netCode != NetCodes.Timeout)
            ResetMessage();
        long latency = start == 0 ? 0 : Since(start);
        return new WebSocketReceived(Result(0, 0, latency, 0, 0, 0, netCode, 0), null, ReadOnlyMemory<byte>.Empty, null, null);
    }

    private void ResetMessage()
    {
        _message.SetLength(0);
        _firstByteAt = 0;
    }

    private CancellationTokenSource Deadline(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout > TimeSpan.Zero ? timeout : _options.RequestTimeout);
        return deadline;
    }

    /// <summary>A web-socket operation that failed before anything was measured (no session, a URL that did not render).</summary>
    internal static TransportResult Failed(int netCode) => Result(0, 0, 0, 0, 0, 0, netCode, 0);

    // Every result of the session is a web-socket outcome, not an HTTP one, whatever its status (see Metrics.Outcomes).
    private static TransportResult Result(long connectUs, long sendUs, long latencyUs, long receiveUs, long bytesOut, long bytesIn, int netCode, int status) =>
        new(connectUs, sendUs, latencyUs, receiveUs, bytesOut, bytesIn, netCode, status) { Kind = OutcomeKind.WebSocket };

    private static long Since(long start) => Microseconds(Stopwatch.GetTimestamp() - start);

    private static long Microseconds(long ticks) => (long)(ticks * s_microsecondsPerTick);
}
