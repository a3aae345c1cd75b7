using System.Text;
using Barrage.Scenarios;

namespace Barrage.Transport.Http1;

/// <summary>
/// Keeps what <see cref="Http1ResponseParser"/> reads of one response (final status, headers, body up to a
/// limit) and turns it into a <see cref="ResponseView"/>. One per transport, reused for each request that asks
/// for capture; any transport that parses with <see cref="Http1ResponseParser"/> can use it.
/// </summary>
/// <remarks>
/// Its buffers are reused from request to request, so a captured response costs the view's own copies and
/// strings only. A buffer that grew past <see cref="KeptBufferBytes"/> for a large body is let go afterwards,
/// so a thousand users do not each keep megabytes.
/// </remarks>
internal sealed class ResponseCapture : IHttpBodySink, IHttpHeadSink
{
    /// <summary>Capture buffers up to this size are kept for the next request.</summary>
    internal const int KeptBufferBytes = 1024 * 1024;

    private readonly int _maxBodyBytes;
    private byte[] _head = new byte[1024];
    private int _headLength;
    private byte[] _body = [];
    private int _bodyLength;
    private long _bodyTotal;
    private int _status;
    private byte[]? _finalHead;

    /// <param name="maxBodyBytes">The most body bytes kept; the rest is counted, not kept.</param>
    public ResponseCapture(int maxBodyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBodyBytes);
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>Forgets the previous response: call before the parser starts on a new one (and on a retry).</summary>
    public void Begin()
    {
        _headLength = 0;
        _bodyLength = 0;
        _bodyTotal = 0;
        _status = 0;
        _finalHead = null;
    }

    public void OnHeadInput(ReadOnlySpan<byte> bytes)
    {
        if (_headLength + bytes.Length > _head.Length)
            Array.Resize(ref _head, Math.Max(_head.Length * 2, _headLength + bytes.Length));
        bytes.CopyTo(_head.AsSpan(_headLength));
        _headLength += bytes.Length;
    }

    public void OnHeadEnd(int statusCode, int length)
    {
        if (statusCode >= 200)
        {
            _status = statusCode;
            // Kept as bytes: most responses' headers are never read as strings (see ResponseView.Headers).
            _finalHead = _head.AsSpan(0, length).ToArray();
            _headLength = 0;
            if (_head.Length > KeptBufferBytes)
                _head = new byte[1024];
            return;
        }

        // An interim head: what followed it in the input is the start of the next head.
        _head.AsSpan(length, _headLength - length).CopyTo(_head);
        _headLength -= length;
    }

    public void OnBody(ReadOnlySpan<byte> bytes)
    {
        _bodyTotal += bytes.Length;
        int take = Math.Min(bytes.Length, _maxBodyBytes - _bodyLength);
        if (take <= 0)
            return;
        if (_bodyLength + take > _body.Length)
            Array.Resize(ref _body, (int)Math.Min(_maxBodyBytes, Math.Max(_body.Length * 2L, Math.Max(4096, _bodyLength + take))));
        bytes[..take].CopyTo(_body.AsSpan(_bodyLength));
        _bodyLength += take;
    }

    /// <summary>The response read since <see cref="Begin"/>, once the parser said it is complete.</summary>
    public ResponseView Complete()
    {
        var view = ResponseView.FromRawHead(_status, _finalHead ?? [], _body.AsSpan(0, _bodyLength).ToArray(), _bodyTotal, _maxBodyBytes);
        if (_body.Length > KeptBufferBytes)
            _body = [];
        return view;
    }
}
