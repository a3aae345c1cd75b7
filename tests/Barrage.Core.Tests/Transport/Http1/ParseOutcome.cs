using System.Text;
using Barrage.Transport.Http1;

namespace Barrage.Core.Tests.Transport.Http1;

/// <summary>Everything a parse run ends with, so that runs over differently split input can be compared whole.</summary>
internal sealed record ParseOutcome(
    Http1ParseStatus Status,
    Http1ParseError Error,
    int StatusCode,
    bool KeepAlive,
    long BodyBytes,
    string Body,
    int Leftover)
{
    public const int DefaultMaxHead = 1024;

    /// <summary>Feeds <paramref name="response"/> cut at <paramref name="cuts"/>, then signals end of stream if still incomplete.</summary>
    public static ParseOutcome Run(byte[] response, bool head = false, int maxHead = DefaultMaxHead, params int[] cuts)
    {
        var parser = new Http1ResponseParser(maxHead);
        return Run(parser, response, head, cuts);
    }

    public static ParseOutcome Run(Http1ResponseParser parser, byte[] response, bool head, int[] cuts)
    {
        var sink = new CollectingSink();
        parser.Reset(head, sink);
        int start = 0;
        Http1ParseStatus status = Http1ParseStatus.NeedMore;
        int leftover = 0;
        for (int piece = 0; piece <= cuts.Length; piece++)
        {
            int stop = piece < cuts.Length ? cuts[piece] : response.Length;
            status = parser.Parse(response.AsSpan(start, stop - start), out int consumed);
            Assert.InRange(consumed, 0, stop - start);
            if (status != Http1ParseStatus.NeedMore)
            {
                leftover = response.Length - (start + consumed);
                break;
            }

            Assert.Equal(stop - start, consumed);
            start = stop;
        }

        if (status == Http1ParseStatus.NeedMore)
            status = parser.Finish();
        // After an error the leftover depends on where the pieces were cut; it means nothing.
        if (status == Http1ParseStatus.Error)
            leftover = 0;
        return new ParseOutcome(
            status, parser.Error, parser.StatusCode, parser.KeepAlive, parser.BodyBytes, sink.Text, leftover);
    }

    public static ParseOutcome Ok(int statusCode, bool keepAlive, string body, int leftover = 0) =>
        new(Http1ParseStatus.Complete, Http1ParseError.None, statusCode, keepAlive, Encoding.Latin1.GetByteCount(body), body, leftover);

    public static ParseOutcome Failed(Http1ParseError error, long bodyBytes = 0, string body = "") =>
        new(Http1ParseStatus.Error, error, 0, false, bodyBytes, body, 0);

    private sealed class CollectingSink : IHttpBodySink
    {
        private readonly StringBuilder _text = new();

        public string Text => _text.ToString();

        public void OnBody(ReadOnlySpan<byte> bytes) => _text.Append(Encoding.Latin1.GetString(bytes));
    }
}
