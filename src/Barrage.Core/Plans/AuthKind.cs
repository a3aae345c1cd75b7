namespace Barrage.Plans;

/// <summary>How a user authenticates.</summary>
public enum AuthKind
{
    /// <summary><c>Authorization: Basic base64(user:password)</c> on every request.</summary>
    Basic,

    /// <summary><c>Authorization: Bearer token</c> on every request.</summary>
    Bearer,

    /// <summary>Digest (RFC 7616, MD5 or SHA-256, qop auth): the answer to the server's last challenge on every request; a 401 with a new challenge is answered at once.</summary>
    Digest,
}
