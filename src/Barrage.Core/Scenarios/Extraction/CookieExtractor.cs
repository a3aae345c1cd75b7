namespace Barrage.Scenarios.Extraction;

/// <summary>
/// <c>{ cookie: SESSION }</c>: the value of the cookie of that name (exact case) that a <c>Set-Cookie</c> header of
/// the response sets; the last one wins, as in a cookie jar.
/// </summary>
internal sealed class CookieExtractor(string variable, CheckFailureAction onFailure, string cookie) : Extractor(variable, onFailure)
{
    public string Cookie { get; } = cookie;

    protected override string? Find(ResponseView response, out string? value)
    {
        value = null;
        foreach (var header in response.HeaderValues("Set-Cookie"))
        {
            // RFC 6265 §5.2: the name-value pair is everything before the first ';', split at its first '='.
            var pair = header.AsSpan();
            var semicolon = pair.IndexOf(';');
            if (semicolon >= 0)
                pair = pair[..semicolon];
            var equals = pair.IndexOf('=');
            if (equals < 0 || !pair[..equals].Trim().SequenceEqual(Cookie))
                continue;
            var text = pair[(equals + 1)..].Trim();
            if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
                text = text[1..^1];
            value = text.ToString();
        }
        return value is null ? $"no Set-Cookie for '{Cookie}'" : null;
    }
}
