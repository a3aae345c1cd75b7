namespace Barrage.Plans;

/// <summary>How a user authenticates.</summary>
public enum AuthKind
{
    /// <summary><c>Authorization: Basic base64(user:password)</c> on every request.</summary>
    Basic,

    /// <summary><c>Authorization: Bearer token</c> on every request.</summary>
    Bearer,
}
