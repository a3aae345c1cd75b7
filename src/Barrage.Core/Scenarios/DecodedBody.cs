namespace Barrage.Scenarios;

/// <summary>What <see cref="BodyDecoder"/> made of a body: the bytes, whether the limit cut them, and why decoding failed if it did.</summary>
internal readonly record struct DecodedBody(ReadOnlyMemory<byte> Body, bool Truncated, string? Error);
