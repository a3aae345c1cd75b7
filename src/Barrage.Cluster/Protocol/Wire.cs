using System.Text.Json;

namespace Barrage.Cluster.Protocol;

/// <summary>Messages as bytes on NATS: JSON (histograms inside are HdrHistogram's compressed encoding).</summary>
internal static class Wire
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Encode<T>(T message) => JsonSerializer.SerializeToUtf8Bytes(message, Options);

    /// <summary>The message, or null when the bytes are not one (a foreign publisher on our subject).</summary>
    public static T? Decode<T>(byte[]? bytes)
        where T : class
    {
        if (bytes is null || bytes.Length == 0)
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A token as agents and coordinators compare it: SHA-256, hex; empty for no token.</summary>
    public static string TokenHash(string? token) => string.IsNullOrEmpty(token)
        ? ""
        : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
