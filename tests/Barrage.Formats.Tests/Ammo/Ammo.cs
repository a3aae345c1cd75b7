using System.IO.Compression;
using System.Text;
using Barrage.Formats.Ammo;

namespace Barrage.Formats.Tests.Ammo;

/// <summary>Builds ammo text and parses it in memory (the file-reading path has its own tests).</summary>
internal static class Ammo
{
    public const string Get = "GET /items?id=1 HTTP/1.1\r\nHost: shop\r\n\r\n";
    public const string Post = "POST /cart HTTP/1.1\r\nHost: shop\r\nContent-Length: 9\r\n\r\n{\"id\":1}\n";

    /// <summary>One request-style entry: the size line, the request, the separating newline.</summary>
    public static string Chunk(string request, string? tag = null) =>
        $"{Encoding.UTF8.GetByteCount(request)}{(tag is null ? "" : " " + tag)}\n{request}\n";

    public static IReadOnlyList<AmmoRequest> Parse(string text, AmmoStyle style = AmmoStyle.Auto) =>
        Parse(Encoding.UTF8.GetBytes(text), style);

    public static IReadOnlyList<AmmoRequest> Parse(byte[] bytes, AmmoStyle style = AmmoStyle.Auto) =>
        AmmoReader.Parse(bytes, "ammo.txt", style, AmmoReader.MaxBytes);

    public static AmmoFormatException Fails(string text, AmmoStyle style = AmmoStyle.Auto) =>
        Assert.Throws<AmmoFormatException>(() => Parse(text, style));

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
