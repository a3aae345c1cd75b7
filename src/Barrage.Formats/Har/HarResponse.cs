namespace Barrage.Formats.Har;

/// <summary>What came back for a recorded request, as far as tracing values into later requests needs it.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Headers">The response headers as recorded.</param>
/// <param name="MimeType">The body's media type; null when unknown.</param>
/// <param name="Body">The body as text (decoded from any content coding); null when absent, binary or not recorded.</param>
public sealed record HarResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string? MimeType, string? Body);
