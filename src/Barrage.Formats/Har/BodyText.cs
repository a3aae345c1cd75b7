using System.IO.Compression;
using System.Text;
using System.Text.Unicode;

namespace Barrage.Formats.Har;

/// <summary>A recorded body as text, or null when it is not text: what a plan can hold and tracing can search.</summary>
public static class BodyText
{
    /// <summary>The most a compressed body is inflated to.</summary>
    public const int MaxDecodedBytes = 8 << 20;

    /// <summary>The bytes as UTF-8 text; null when they hold a NUL or are not valid UTF-8 (binary).</summary>
    public static string? From(ReadOnlySpan<byte> bytes) =>
        bytes.Contains((byte)0) || !Utf8.IsValid(bytes) ? null : Encoding.UTF8.GetString(bytes);

    /// <summary>A HAR <c>content.text</c> with <c>encoding: base64</c>, decoded; null when it is not base64 or not text.</summary>
    public static string? FromBase64(string base64)
    {
        var bytes = new byte[base64.Length / 4 * 3 + 3];
        return Convert.TryFromBase64String(base64, bytes, out var length) ? From(bytes.AsSpan(0, length)) : null;
    }

    /// <summary>
    /// A response body as it came over the wire, undone from its <c>Content-Encoding</c> (gzip, deflate, br);
    /// null when the coding is another one, the bytes do not decode, or the result is not text.
    /// </summary>
    public static string? Decode(byte[] bytes, string? contentEncoding)
    {
        var coding = contentEncoding?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(coding) || coding == "identity")
            return From(bytes);
        try
        {
            using var input = new MemoryStream(bytes);
            using Stream decoder = coding switch
            {
                "gzip" or "x-gzip" => new GZipStream(input, CompressionMode.Decompress),
                "deflate" => new ZLibStream(input, CompressionMode.Decompress),
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                _ => Stream.Null,
            };
            if (decoder == Stream.Null)
                return null;
            // A small compressed body can inflate enormously; past the cap it is not worth searching.
            using var output = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = decoder.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxDecodedBytes)
                    return null;
                output.Write(buffer, 0, read);
            }
            return From(output.GetBuffer().AsSpan(0, (int)output.Length));
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
