using System.Security.Cryptography;

namespace Barrage.Web.Security;

/// <summary>Access tokens for a dashboard that listens beyond loopback.</summary>
internal static class Tokens
{
    /// <summary>A new random token (128 bits, hex).</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
