namespace Barrage.Transport.Http1;

/// <summary>
/// Receives the body of the final response as it is read: de-chunked but still content-encoded.
/// This is the place where checks, extraction and gzip/deflate/br decoding plug in later; without a
/// sink the body is only counted.
/// </summary>
internal interface IHttpBodySink
{
    /// <summary>Called for each piece of body, in order; the span is only valid during the call.</summary>
    void OnBody(ReadOnlySpan<byte> bytes);
}
