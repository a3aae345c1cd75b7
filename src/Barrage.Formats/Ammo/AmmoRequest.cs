using Barrage.Transport;

namespace Barrage.Formats.Ammo;

/// <summary>One request read from an ammo file.</summary>
/// <param name="Tag">The tag results are grouped by; empty when the ammo gives none.</param>
/// <param name="Method">GET (uri-style), POST (uripost) or the raw request's method.</param>
/// <param name="Path">Path and query (the request target, as written in the file).</param>
/// <param name="Headers">The <c>[Header: value]</c> lines in force (uri and uripost styles); empty for raw requests.</param>
/// <param name="Body">The uripost body; empty otherwise (a raw request's body is inside <see cref="Raw"/>).</param>
/// <param name="Raw">The whole request to send unchanged (request-style); empty otherwise.</param>
public sealed record AmmoRequest(
    string Tag,
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body,
    ReadOnlyMemory<byte> Raw)
{
    /// <summary>True for request-style ammo: <see cref="Raw"/> is sent as it is.</summary>
    public bool IsRaw => !Raw.IsEmpty;

    /// <summary>
    /// The request to send to <paramref name="target"/>. The scheme, host and port come from the target,
    /// the path and query from the ammo (a path in the target is replaced, as Phantom has no base path).
    /// A raw request's absolute-form target (<c>GET http://host/x HTTP/1.1</c>) still goes to the target.
    /// </summary>
    public PreparedRequest ToPreparedRequest(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.IsAbsoluteUri)
            throw new ArgumentException("The target must be an absolute URI.", nameof(target));
        var uri = Resolve(target, Path)
            ?? throw new ArgumentException($"'{Path}' does not make a valid URI with '{target}'.", nameof(target));
        return IsRaw
            ? PreparedRequest.FromRaw(Raw, Method, uri, Tag)
            : new PreparedRequest(Method, uri, Headers, Body, Tag);
    }

    // Concatenated rather than resolved: resolving "//x" against a base would make x the host.
    internal static Uri? Resolve(Uri target, string requestTarget)
    {
        string pathAndQuery = requestTarget.StartsWith('/')
            ? requestTarget
            : System.Uri.TryCreate(requestTarget, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
                ? absolute.PathAndQuery
                : "/"; // "*" (OPTIONS) or an authority (CONNECT): the target's root
        return System.Uri.TryCreate(target.GetLeftPart(UriPartial.Authority) + pathAndQuery, UriKind.Absolute, out var uri) ? uri : null;
    }
}
