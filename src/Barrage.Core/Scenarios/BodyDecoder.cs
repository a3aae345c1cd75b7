using System.IO.Compression;

namespace Barrage.Scenarios;

/// <summary>Undoes a response's Content-Encoding (gzip, deflate, br, in the reverse of the order applied), up to a size limit.</summary>
internal static class BodyDecoder
{
    /// <summary>Decodes <paramref name="raw"/> as <paramref name="contentEncoding"/> says; the raw bytes when it names no coding.</summary>
    /// <param name="raw">The body as received.</param>
    /// <param name="contentEncoding">The Content-Encoding header's value, or null.</param>
    /// <param name="maxBytes">The most decoded bytes kept; the rest is dropped and the result marked truncated.</param>
    /// <param name="rawTruncated">Only the start of the body was kept: an encoded stream that ends early is then no error.</param>
    public static DecodedBody Decode(byte[] raw, string? contentEncoding, int maxBytes, bool rawTruncated = false)
    {
        if (string.IsNullOrWhiteSpace(contentEncoding) || raw.Length == 0)
            return new DecodedBody(raw, false, null);
        var codings = contentEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        byte[] body = raw;
        var truncated = false;
        for (var i = codings.Length - 1; i >= 0; i--)
        {
            var coding = codings[i].ToLowerInvariant();
            if (coding == "identity")
                continue;
            if (coding is not ("gzip" or "x-gzip" or "deflate" or "br"))
                return new DecodedBody(ReadOnlyMemory<byte>.Empty, false, $"unsupported Content-Encoding '{codings[i]}'");
            try
            {
                (body, var cut) = Inflate(body, coding, maxBytes, rawTruncated);
                truncated |= cut;
            }
            catch (InvalidDataException e)
            {
                return new DecodedBody(ReadOnlyMemory<byte>.Empty, false, $"the {coding} body could not be decoded: {e.Message}");
            }
        }
        return new DecodedBody(body, truncated, null);
    }

    private static (byte[] Body, bool Truncated) Inflate(byte[] input, string coding, int maxBytes, bool inputTruncated)
    {
        using var source = new MemoryStream(input, writable: false);
        using Stream decoder = coding switch
        {
            "br" => new BrotliStream(source, CompressionMode.Decompress),
            "deflate" when IsZlib(input) => new ZLibStream(source, CompressionMode.Decompress),
            "deflate" => new DeflateStream(source, CompressionMode.Decompress), // raw deflate, as some servers send it
            _ => new GZipStream(source, CompressionMode.Decompress),
        };
        var output = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = decoder.Read(buffer, 0, buffer.Length);
            }
            catch (InvalidDataException) when (inputTruncated)
            {
                return (output.ToArray(), true); // the stream was cut by the capture limit, not broken by the server
            }
            if (read == 0)
                return (output.ToArray(), false);
            var room = maxBytes - (int)output.Length;
            if (read > room)
            {
                output.Write(buffer, 0, room);
                return (output.ToArray(), true);
            }
            output.Write(buffer, 0, read);
        }
    }

    // RFC 1950: deflate method, and the two header bytes form a multiple of 31.
    private static bool IsZlib(byte[] input) =>
        input.Length >= 2 && (input[0] & 0x0F) == 8 && ((input[0] << 8) | input[1]) % 31 == 0;
}
