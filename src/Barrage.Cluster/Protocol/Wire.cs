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

    /// <summary>
    /// The version of what the coordinator and its agents say to each other; both ends must speak the same one. 2: agents
    /// resend their reports until the coordinator acknowledges them (<see cref="ReportAck"/>). Builds before it sent no
    /// version, read as 0. 3: agents resend their phout chunks until the coordinator acknowledges them (<see cref="PhoutAck"/>),
    /// and it writes them in order.
    /// </summary>
    public const int Protocol = 3;

    /// <summary>Why <paramref name="who"/>, speaking protocol <paramref name="theirs"/>, cannot take part in a run of this build; null when it can.</summary>
    public static string? ProtocolMismatch(int theirs, string who) => theirs == Protocol
        ? null
        : $"{who} runs another Barrage release (cluster protocol {(theirs == 0 ? "1" : theirs.ToString(System.Globalization.CultureInfo.InvariantCulture))}, " +
          $"this one {Protocol}): run the same release on the coordinator and every agent";

    /// <summary>A token as agents and coordinators compare it: SHA-256, hex; empty for no token.</summary>
    public static string TokenHash(string? token) => string.IsNullOrEmpty(token)
        ? ""
        : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
