namespace Barrage.Scenarios;

/// <summary>A piece of a request body: fixed bytes (a file) or text that may hold macros (sent as UTF-8).</summary>
internal readonly record struct BodySegment(byte[]? Bytes, Template? Text);
