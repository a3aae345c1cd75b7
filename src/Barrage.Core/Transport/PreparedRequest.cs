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

    /// <summary>
    /// A request taken as raw bytes (Phantom's request-style ammo): sent exactly as it is, with
    /// <see cref="Method"/> and <see cref="Uri"/> read from its request line and the target.
    /// </summary>
    public static PreparedRequest FromRaw(ReadOnlyMemory<byte> raw, string method, Uri uri, string tag, bool captureResponse = false) =>
        new(method, uri, [], ReadOnlyMemory<byte>.Empty, tag) { RawRequest = raw, CaptureResponse = captureResponse };

    public string Method { get; }

    /// <summary>The whole request as bytes to send unchanged; empty unless made by <see cref="FromRaw"/>.</summary>
    public ReadOnlyMemory<byte> RawRequest { get; private init; }

    public bool IsRaw => !RawRequest.IsEmpty;

    public Uri Uri { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The tag results are grouped by.</summary>
    public string Tag { get; }

    /// <summary>
    /// Keep the response (status, headers, decoded body) for checks and extraction, in
    /// <see cref="TransportResult.Response"/>.
    /// </summary>
    /// <remarks>Defaults to false: the response is only counted, which allocates nothing per request.</remarks>
    public bool CaptureResponse { get; init; }

    /// <summary>
    /// A slot for the transport's own encoding of this request (for example its serialized bytes),
    /// computed once. Written without a lock: whatever is stored must be equivalent whoever computes it.
    /// </summary>
    public object? TransportCache { get; set; }
}
