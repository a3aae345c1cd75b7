namespace Barrage.Transport.Http1;

/// <summary>Where an <see cref="Http1ResponseParser"/> stands after the bytes it was given.</summary>
internal enum Http1ParseStatus
{
    /// <summary>The response is not complete yet: feed more bytes, or call Finish at end of stream.</summary>
    NeedMore,

    /// <summary>The final response is complete.</summary>
    Complete,

    /// <summary>The response is invalid or ended early; see the parser's Error.</summary>
    Error,
}
