namespace Barrage.Plans;

/// <summary>An HTTP request.</summary>
public sealed record RequestActivity : Activity
{
    /// <summary>The method in upper case: GET, POST...</summary>
    public required string Method { get; init; }

    /// <summary>A path relative to the target ("/api/items?x=1") or an absolute URL.</summary>
    public required string Url { get; init; }

    /// <summary>Headers in the order written; names as written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body as text (sent as UTF-8); null for none.</summary>
    public string? Body { get; init; }

    /// <summary>The tag that results are grouped by.</summary>
    /// <remarks>Defaults to null, which means "method and path", e.g. <c>GET /api/items</c>.</remarks>
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
            if (Uri.TryCreate(Url, UriKind.Absolute, out var abs) && abs.Scheme is "http" or "https")
                path = abs.AbsolutePath;
            var q = path.IndexOf('?', StringComparison.Ordinal);
            return $"{Method} {(q >= 0 ? path[..q] : path)}";
        }
    }
}
