using Barrage.Scenarios;

namespace Barrage.Transport.Http2;

/// <summary>The body of a response whose request asked for it, kept up to a limit (the rest only counted), for a <see cref="ResponseView"/>.</summary>
internal sealed class CapturedBody(int maxBytes)
{
    private readonly MemoryStream _kept = new();
    private long _total;

    public void Add(ReadOnlySpan<byte> bytes)
    {
        _total += bytes.Length;
        var room = maxBytes - (int)_kept.Length;
        if (room > 0)
            _kept.Write(bytes[..Math.Min(room, bytes.Length)]);
    }

    /// <summary>The response as checks see it; the body is still content-encoded (the handler does not decompress), the view decodes it.</summary>
    public ResponseView View(int status, IReadOnlyList<KeyValuePair<string, string>> headers) =>
        new(status, headers, _kept.ToArray(), _total, maxBytes);
}
