namespace Barrage.Transport;

/// <summary>
/// A request ready to send: an absolute URL, method, headers and body bytes. Immutable and shared by
/// every user that sends it; a transport may cache its own encoding of it in <see cref="TransportCache"/>.
/// </summary>
public sealed class PreparedRequest
{
    public PreparedRequest(
        string method,
        Uri uri,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body,
        string tag)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
            throw new ArgumentException("The request URI must be absolute.", nameof(uri));
        Method = method;
        Uri = uri;
        Headers = headers;
        Body = body;
        Tag = tag;
    }

    public string Method { get; }

    public Uri Uri { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The tag results are grouped by.</summary>
    public string Tag { get; }

    /// <summary>
    /// A slot for the transport's own encoding of this request (for example its serialized bytes),
    /// computed once. Written without a lock: whatever is stored must be equivalent whoever computes it.
    /// </summary>
    public object? TransportCache { get; set; }
}
