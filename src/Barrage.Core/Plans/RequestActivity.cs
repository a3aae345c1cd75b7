namespace Barrage.Plans;

/// <summary>An HTTP request. Every text may hold macros (<c>${name}</c>, <c>${uuid()}</c>), rendered per send.</summary>
/// <remarks>At most one of <see cref="Body"/>, <see cref="Json"/>, <see cref="Form"/>, <see cref="File"/> and <see cref="Multipart"/> is set.</remarks>
public sealed record RequestActivity : Activity
{
    /// <summary>The method in upper case: GET, POST...</summary>
    public required string Method { get; init; }

    /// <summary>A path relative to the base URL ("/api/items?x=1") or an absolute URL.</summary>
    public required string Url { get; init; }

    /// <summary>Query parameters appended to the URL, in the order written; names and values are percent-encoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>Headers in the order written; names as written. They come after the scenario's default headers and replace those of the same name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body as text (sent as UTF-8); null for none.</summary>
    public string? Body { get; init; }

    /// <summary>A JSON body; its strings may hold macros. Sent with <c>Content-Type: application/json</c> unless a header says otherwise.</summary>
    public System.Text.Json.Nodes.JsonNode? Json { get; init; }

    /// <summary>A form body (<c>application/x-www-form-urlencoded</c>); null for none.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Form { get; init; }

    /// <summary>A file sent as the body (<c>application/octet-stream</c> unless a header says otherwise), as a full path; null for none.</summary>
    public string? File { get; init; }

    /// <summary>A <c>multipart/form-data</c> body; null for none.</summary>
    public IReadOnlyList<MultipartPart>? Multipart { get; init; }

    /// <summary>The time this request may take; null for the plan's <c>http.timeout</c>. A request that takes longer gets net code 110.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Send this request over HTTP/2 on a connection of the user's own (.NET's <c>SocketsHttpHandler</c>: h2c with prior
    /// knowledge for http://, ALPN for https://) while the other requests keep HTTP/1.1; its response is captured like any other.
    /// </summary>
    /// <remarks>Defaults to false; a plan whose <c>http.http2</c> is true sends every request over HTTP/2 anyway.</remarks>
    public bool Http2 { get; init; }

    /// <summary>Credentials for this request, replacing the scenario's; null to use the scenario's.</summary>
    public AuthSpec? Auth { get; init; }

    /// <summary>What the response must satisfy (<c>check:</c>); failures are counted per check and tag.</summary>
    public IReadOnlyList<Scenarios.Check> Checks { get; init; } = [];

    /// <summary>Values taken from the response into the user's variables (<c>extract:</c>).</summary>
    public IReadOnlyList<Scenarios.Extractor> Extractors { get; init; } = [];

    /// <summary>The tag that results are grouped by.</summary>
    /// <remarks>Defaults to null, which means "method and path template", e.g. <c>GET /api/items/${id}</c>.</remarks>
    public string? Tag { get; init; }

    /// <summary>The tag used in results: <see cref="Tag"/>, or method and path without the query.</summary>
    public string EffectiveTag
    {
        get
        {
            if (Tag is not null)
                return Tag;
            var path = Url;
            // Scheme checked: on Unix "/items?x=1" parses as an absolute file: URI with the query escaped into its path.
            if (!path.Contains("${", StringComparison.Ordinal) && Uri.TryCreate(Url, UriKind.Absolute, out var abs) && abs.Scheme is "http" or "https")
                path = abs.AbsolutePath;
            var q = path.IndexOf('?', StringComparison.Ordinal);
            return $"{Method} {(q >= 0 ? path[..q] : path)}";
        }
    }
}
