using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Messages that several checks and extractors share.</summary>
internal static class ResponseText
{
    private const int Shown = 60;

    /// <summary>Why there is no response to look at: the transport failed, or the request did not capture it.</summary>
    public static string Missing(in CheckInput input) => input.Result.NetCode != NetCodes.Ok
        ? $"no response: {NetCodes.Describe(input.Result.NetCode)}"
        : "the response was not captured (the request must set CaptureResponse)";

    /// <summary>Why a body cannot be searched, or null when it can.</summary>
    public static string? Unreadable(ResponseView response) =>
        response.DecodeError is { } error ? $"the body could not be read: {error}" : null;

    /// <summary>A value for a message: quoted, on one line, shortened.</summary>
    public static string Quote(string text)
    {
        var shown = text.Length > Shown ? text[..Shown] + "..." : text;
        return "'" + shown.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
    }

    /// <summary>" (body truncated at N bytes)" when a miss may be the limit's doing, else "".</summary>
    public static string TruncatedNote(ResponseView response) =>
        response.Truncated ? $" (the body was cut at {response.Body.Length} bytes)" : "";
}
