namespace Barrage.Transport.Http1;

/// <summary>
/// Receives the head of a response (status line and header fields) for a sink that keeps it, such as
/// <see cref="ResponseCapture"/>. The parser keeps no copy of a head, so it hands over what it is given
/// and says where each head ended.
/// </summary>
/// <remarks>Implemented besides <see cref="IHttpBodySink"/> by the same object; the parser finds it from the body sink.</remarks>
internal interface IHttpHeadSink
{
    /// <summary>
    /// Every piece of input the parser is given while a head is being read, whole: it starts where the head
    /// (or the previous piece) left off and may run past the head's end into the body.
    /// </summary>
    void OnHeadInput(ReadOnlySpan<byte> bytes);

    /// <summary>
    /// A head ended after <paramref name="length"/> bytes of the input since the previous head (or the start).
    /// An interim (1xx) head is followed by another; the final one has a status of 200 or more.
    /// </summary>
    void OnHeadEnd(int statusCode, int length);
}
