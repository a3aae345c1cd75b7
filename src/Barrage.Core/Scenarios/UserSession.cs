using System.Net;

namespace Barrage.Scenarios;

/// <summary>
/// A virtual user's session with the target: its cookie jar (RFC 6265 rules, by <see cref="CookieContainer"/>) and
/// the last Digest challenge it was given. Fed by <see cref="OnResponseHeader"/> as responses come in; empty, it
/// costs nothing and fixed requests keep their fast path.
/// </summary>
/// <remarks>Responses feed it once the transport captures response headers (the checks work adds that capture).</remarks>
internal sealed class UserSession
{
    private readonly Lock _gate = new();
    private CookieContainer? _cookies;
    private volatile DigestChallenge? _digest;

    /// <summary>True once the session has cookies or a Digest challenge: requests then carry them.</summary>
    public bool IsActive => _cookies is not null || _digest is not null;

    public DigestChallenge? Digest => _digest;

    /// <summary>Takes in one header of a response to a request for <paramref name="uri"/>: <c>Set-Cookie</c> and <c>WWW-Authenticate</c> matter.</summary>
    public void OnResponseHeader(Uri uri, string name, string value)
    {
        if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
        {
            lock (_gate)
            {
                _cookies ??= new CookieContainer();
                try
                {
                    _cookies.SetCookies(uri, value);
                }
                catch (CookieException)
                {
                    // A cookie the jar refuses (bad domain, bad syntax) is dropped, as a browser drops it.
                }
            }
        }
        else if (name.Equals("WWW-Authenticate", StringComparison.OrdinalIgnoreCase) && DigestChallenge.TryParse(value) is { } challenge)
        {
            _digest = challenge;
        }
    }

    /// <summary>The <c>Cookie</c> header for a request to <paramref name="uri"/>; empty when the jar has none for it.</summary>
    public string CookieHeader(Uri uri)
    {
        lock (_gate)
            return _cookies?.GetCookieHeader(uri) ?? "";
    }
}
