using System.Buffers;
using System.Globalization;
using System.Text;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>
/// Writes a request with macros as HTTP/1.1 bytes, per send, into a buffer rented from the shared pool; the
/// caller returns it once the send is over. The bytes go out as a raw <see cref="PreparedRequest"/>, so the
/// transport sends them as they are.
/// </summary>
/// <remarks>
/// Rendered values cannot break the request: a URL's spaces, controls and non-ASCII characters are
/// percent-encoded and line breaks in header values become spaces.
/// </remarks>
internal sealed class RequestRenderer(
    string method,
    Template url,
    Uri? origin,
    string basePath,
    IReadOnlyList<(string Name, Template Value)> headers,
    IReadOnlyList<BodySegment> body,
    string tag,
    bool keepAlive,
    bool capture = false)
{
    [ThreadStatic]
    private static StringBuilder? t_head;

    /// <summary>The request's method.</summary>
    public string Method => method;

    private readonly bool _hasHost = headers.Any(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase));
    private readonly bool _expectsBody = method is "POST" or "PUT" or "PATCH";
    private readonly bool _startsWithMacro = url.Parts.Count > 0 && url.Parts[0] is not LiteralPart;

    /// <summary>Renders the request for <paramref name="user"/>; the buffer goes back to <see cref="ArrayPool{T}.Shared"/> after the send.</summary>
    /// <param name="user">Whose values the macros take.</param>
    /// <param name="session">Headers the user's session adds for the request's full URI and its target (path and query): cookies, Digest answers.</param>
    public (PreparedRequest Request, byte[] Buffer) Render(IMacroContext user, Func<Uri, string, IEnumerable<KeyValuePair<string, string>>>? session = null)
    {
        var head = t_head ??= new StringBuilder(512);
        head.Clear();
        head.Append(method).Append(' ');
        Uri target;
        StringBuilder? text = null;
        if (_startsWithMacro)
        {
            // "${host}/items" or "${next}" (a Location extracted): a path or an absolute URL, known only now.
            text = new StringBuilder();
            url.Render(text, user);
        }
        if (origin is not null && (text is null || (text.Length > 0 && text[0] == '/')))
        {
            head.Append(basePath);
            var from = head.Length;
            if (text is null)
                url.Render(head, user);
            else
                head.Append(text);
            EscapeUrl(head, from);
            target = origin;
        }
        else
        {
            if (text is null)
            {
                text = new StringBuilder();
                url.Render(text, user);
            }
            EscapeUrl(text, 0);
            if (!Uri.TryCreate(text.ToString(), UriKind.Absolute, out var absolute) || absolute.Scheme is not ("http" or "https"))
                absolute = new Uri("http://invalid.invalid/");
            head.Append(absolute.PathAndQuery);
            target = absolute;
        }
        var targetEnd = head.Length;
        head.Append(" HTTP/1.1\r\n");
        if (!_hasHost)
            head.Append("Host: ").Append(target.Authority).Append("\r\n");
        for (var h = 0; h < headers.Count; h++)
        {
            var (name, value) = headers[h];
            head.Append(name).Append(": ");
            var from = head.Length;
            value.Render(head, user);
            for (var i = from; i < head.Length; i++)
            {
                if (head[i] is '\r' or '\n' or '\0')
                    head[i] = ' ';
            }
            head.Append("\r\n");
        }
        if (session is not null)
        {
            var requestTarget = head.ToString(method.Length + 1, targetEnd - method.Length - 1);
            var full = ReferenceEquals(target, origin) ? new Uri(origin, requestTarget) : target;
            foreach (var (name, value) in session(full, requestTarget))
                head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        string?[]? texts = null;
        var bodyLength = 0;
        for (var i = 0; i < body.Count; i++)
        {
            if (body[i].Bytes is { } bytes)
            {
                bodyLength += bytes.Length;
                continue;
            }
            texts ??= new string?[body.Count];
            texts[i] = body[i].Text!.Render(user);
            bodyLength += Encoding.UTF8.GetByteCount(texts[i]!);
        }
        if (bodyLength > 0 || _expectsBody)
            head.Append("Content-Length: ").Append(bodyLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (!keepAlive)
            head.Append("Connection: close\r\n");
        head.Append("\r\n");

        // Encoded from the builder's chunks: no string of the head per request.
        var headBytes = 0;
        foreach (var chunk in head.GetChunks())
            headBytes += Encoding.UTF8.GetByteCount(chunk.Span);
        var buffer = ArrayPool<byte>.Shared.Rent(headBytes + bodyLength);
        var written = 0;
        foreach (var chunk in head.GetChunks())
            written += Encoding.UTF8.GetBytes(chunk.Span, buffer.AsSpan(written));
        for (var i = 0; i < body.Count; i++)
        {
            if (body[i].Bytes is { } bytes)
            {
                bytes.CopyTo(buffer, written);
                written += bytes.Length;
            }
            else
            {
                written += Encoding.UTF8.GetBytes(texts![i]!, 0, texts[i]!.Length, buffer, written);
            }
        }
        return (PreparedRequest.FromRaw(buffer.AsMemory(0, written), method, target, tag, capture), buffer);
    }

    /// <summary>Percent-encodes what may not stand in a request target, from <paramref name="from"/> on.</summary>
    private static void EscapeUrl(StringBuilder text, int from)
    {
        var needs = false;
        for (var i = from; i < text.Length && !needs; i++)
            needs = text[i] <= ' ' || text[i] >= '\u007f' || text[i] is '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}';
        if (!needs)
            return;
        var tail = text.ToString(from, text.Length - from);
        text.Length = from;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in tail.EnumerateRunes())
        {
            if (rune.Value > ' ' && rune.Value < 0x7f && rune.Value is not ('"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}'))
            {
                text.Append((char)rune.Value);
                continue;
            }
            var n = rune.EncodeToUtf8(utf8);
            for (var b = 0; b < n; b++)
                text.Append('%').Append(utf8[b].ToString("X2", CultureInfo.InvariantCulture));
        }
    }
}
