namespace Barrage.Transport.Http1;

/// <summary>Why a response was rejected; kept apart from the net code so tests and diagnostics can tell cases apart.</summary>
internal enum Http1ParseError
{
    None,
    BadStatusLine,
    BadHeader,
    HeadersTooLarge,
    BadContentLength,
    BadChunk,
    /// <summary>A 101 Switching Protocols that the client never asked for.</summary>
    UnexpectedUpgrade,
    TooManyInterimResponses,
    /// <summary>The stream ended before the response was complete.</summary>
    UnexpectedEof,
}
