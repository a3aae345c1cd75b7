using System.Buffers;

namespace Barrage.Transport.Http1;

/// <summary>
/// An incremental HTTP/1.x response parser: it takes the bytes as they arrive, in pieces of any size,
/// and keeps no copy of them, so a transport can parse over one small reused buffer whatever the size of
/// the headers. It reads only what framing needs (status, Content-Length, Transfer-Encoding, Connection),
/// skips interim 1xx responses, and rejects anything it cannot frame for certain: the server is not trusted.
/// </summary>
/// <remarks>
/// One instance per transport, reused with <see cref="Reset"/>. Bytes of the head are examined one by one
/// (a state machine, so a split anywhere gives the same result); bodies and uninteresting header values
/// are skipped in bulk.
/// </remarks>
internal sealed partial class Http1ResponseParser
{
    // A server answering 100 Continue forever would otherwise keep us reading until the timeout.
    private const int MaxInterimResponses = 16;
    private const int NameCapacity = 20;  // longest name of interest: "transfer-encoding" (17)
    private const int TokenCapacity = 12; // longest token of interest: "keep-alive" (10)

    private static readonly SearchValues<byte> s_tokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // Bytes that end a header value we are skipping: CR, LF, and the controls a value may not hold.
    private static readonly SearchValues<byte> s_valueStops = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    // Bytes that end a token in a Connection or Transfer-Encoding value: the value stops, a comma and whitespace.
    private static readonly SearchValues<byte> s_tokenStops = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 44, 127]);

    private readonly int _maxHeadBytes;
    private readonly byte[] _name = new byte[NameCapacity];
    private readonly byte[] _token = new byte[TokenCapacity];

    private State _state;
    private Http1ParseError _error;
    private bool _headRequest;
    private IHttpBodySink? _sink;
    private IHttpHeadSink? _headSink;
    private bool _headDone; // the final head was handed to _headSink
    private int _interimResponses;

    // The current line-oriented section (head, chunk-size line, trailers) and its byte budget.
    private int _sectionBytes;
    private Http1ParseError _sectionTooLong;
    private bool _inTrailers;

    // Status line.
    private int _statusIndex;
    private int _statusCode;
    private int _minorVersion;

    // Header being read.
    private int _nameLength;
    private HeaderKind _kind;
    private long _number;
    private bool _sawDigit;
    private bool _sawSpaceAfterDigits;
    private int _tokenLength;
    private bool _tokenEnded;

    // Framing learned from the headers.
    private long _contentLength;
    private bool _hasTransferEncoding;
    private bool _chunkedIsLast;
    private bool _connectionClose;
    private bool _connectionKeepAlive;
    private bool _keepAlive;

    // Body.
    private long _remaining;
    private long _bodyBytes;

    /// <param name="maxHeadBytes">The largest head (status line + headers) and the largest trailer section accepted.</param>
    public Http1ResponseParser(int maxHeadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeadBytes);
        _maxHeadBytes = maxHeadBytes;
        Reset(headRequest: false);
    }

    /// <summary>The final status code; 0 until the final response's status line was read.</summary>
    public int StatusCode => _state == State.Done ? _statusCode : 0;

    /// <summary>Whether the connection may carry another request once this response is complete.</summary>
    public bool KeepAlive => _state == State.Done && _keepAlive;

    /// <summary>Body bytes of the final response (after de-chunking).</summary>
    public long BodyBytes => _bodyBytes;

    /// <summary>Why the response was rejected, when <see cref="Http1ParseStatus.Error"/> was returned.</summary>
    public Http1ParseError Error => _error;

    /// <summary>The <see cref="NetCodes"/> value for <see cref="Error"/>: an early end is a reset, anything else a protocol error.</summary>
    public int NetCode => _error switch
    {
        Http1ParseError.None => NetCodes.Ok,
        Http1ParseError.UnexpectedEof => NetCodes.ConnectionReset,
        _ => NetCodes.ProtocolError,
    };

    /// <summary>Makes the parser ready for the response to a new request.</summary>
    /// <param name="headRequest">The request was HEAD: the response has no body whatever its headers say.</param>
    /// <param name="sink">Where the body goes; null to only count it. When it is also an <see cref="IHttpHeadSink"/> it gets the head too.</param>
    public void Reset(bool headRequest, IHttpBodySink? sink = null)
    {
        _headRequest = headRequest;
        _sink = sink;
        _headSink = sink as IHttpHeadSink;
        _headDone = false;
        _error = Http1ParseError.None;
        _interimResponses = 0;
        _bodyBytes = 0;
        StartMessage();
    }

    /// <summary>
    /// Consumes bytes of the response. Returns <see cref="Http1ParseStatus.Complete"/> as soon as the final
    /// response ends; <paramref name="consumed"/> then tells where, and any bytes after it were not part
    /// of the response.
    /// </summary>
    public Http1ParseStatus Parse(ReadOnlySpan<byte> data, out int consumed)
    {
        if (_headSink is not null && !_headDone && _state < State.Done)
            _headSink.OnHeadInput(data);
        int i = 0;
        while (i < data.Length && _state < State.Done)
        {
            if (_state >= State.FirstBulk)
            {
                i += ParseBulk(data[i..]);
                continue;
            }

            if (_state == State.StatusLine && _statusIndex == 0 && TakeStatusLine(data[i..]))
            {
                i += StatusLineLength;
                continue;
            }

            if (_state is State.Reason or State.HeaderName || (_state == State.HeaderValue && _kind != HeaderKind.ContentLength))
            {
                // The long plain runs of a head, taken at once; the byte that ends a run goes through Step.
                int run = SkipRun(data[i..]);
                i += run;
                if (run > 0)
                    continue;
            }

            byte b = data[i++];
            if (++_sectionBytes > _maxHeadBytes)
                Fail(_sectionTooLong);
            else
                Step(b);
        }

        consumed = i;
        return _state switch
        {
            State.Done => Http1ParseStatus.Complete,
            State.Failed => Http1ParseStatus.Error,
            _ => Http1ParseStatus.NeedMore,
        };
    }

    /// <summary>Tells the parser the stream ended: completes a body delimited by the close, fails anything else.</summary>
    public Http1ParseStatus Finish()
    {
        if (_state == State.UntilClose)
            _state = State.Done;
        else if (_state < State.Done)
            Fail(Http1ParseError.UnexpectedEof);
        return _state == State.Done ? Http1ParseStatus.Complete : Http1ParseStatus.Error;
    }

    private void StartMessage()
    {
        _state = State.StatusLine;
        _statusIndex = 0;
        _statusCode = 0;
        _minorVersion = 0;
        _kind = HeaderKind.Other;
        _inTrailers = false;
        _contentLength = -1;
        _hasTransferEncoding = false;
        _chunkedIsLast = false;
        _connectionClose = false;
        _connectionKeepAlive = false;
        _keepAlive = false;
        _remaining = 0;
        StartSection(Http1ParseError.HeadersTooLarge);
    }

    private void StartSection(Http1ParseError tooLong)
    {
        _sectionBytes = 0;
        _sectionTooLong = tooLong;
    }

    private void Fail(Http1ParseError error)
    {
        _error = error;
        _state = State.Failed;
    }

    private void Body(ReadOnlySpan<byte> bytes)
    {
        _bodyBytes += bytes.Length;
        _sink?.OnBody(bytes);
    }

    // States before FirstBulk take one byte at a time; the others take runs of bytes.
    private enum State : byte
    {
        StatusLine,
        StatusAfterCode,
        Reason,
        StatusLineFeed,
        HeaderLineStart,
        HeaderName,
        HeaderValueStart,
        HeaderValue,
        HeaderLineFeed,
        HeadEndLineFeed,
        ChunkSizeStart,
        ChunkSize,
        ChunkSizeSpace,
        ChunkExtension,
        ChunkSizeLineFeed,
        ChunkDataCarriageReturn,
        ChunkDataLineFeed,
        FirstBulk,
        SkippedHeaderValue = FirstBulk,
        ContentLengthBody,
        ChunkData,
        UntilClose,
        Done,
        Failed,
    }

    private enum HeaderKind : byte
    {
        Other,
        ContentLength,
        TransferEncoding,
        Connection,
    }
}
