namespace Barrage.Transport.Http1;

/// <summary>What a read meant for an <see cref="Http1Exchange"/>.</summary>
internal enum Http1ReadStep
{
    /// <summary>The response is not complete: read again when there is more.</summary>
    NeedMore,

    /// <summary>The kept-alive connection was closed before any response byte: send the request again on a new one.</summary>
    Retry,

    /// <summary>The request is over, well or not (see the code).</summary>
    Done,
}
