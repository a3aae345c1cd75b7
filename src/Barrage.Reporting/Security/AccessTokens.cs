using System.Security.Cryptography;
using System.Text;

namespace Barrage.Reporting.Security;

/// <summary>
/// The access tokens of what Barrage serves beyond loopback (the dashboard, the Prometheus endpoint): made the same
/// way, presented the same way (<c>Authorization: Bearer TOKEN</c>), compared in constant time.
/// </summary>
public static class AccessTokens
{
    private const string Bearer = "Bearer ";

    /// <summary>A new random token (128 bits, hex).</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The token of an <c>Authorization</c> header's value when it is <c>Bearer TOKEN</c>; null otherwise.</summary>
    public static string? FromBearer(string? authorization) =>
        authorization is not null && authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? authorization[Bearer.Length..].Trim() : null;

    /// <summary>True when <paramref name="presented"/> is the token whose UTF-8 bytes are <paramref name="expected"/> (constant time).</summary>
    public static bool Matches(string? presented, byte[] expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expected);
    }
}
