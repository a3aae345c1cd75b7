using System.Text;
using Barrage.Formats.Ammo;

namespace Barrage.Formats.Tests.Ammo;

public sealed class AmmoReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("/a\n", AmmoStyle.Uri)]
    [InlineData("\n\n[Host: x]\n/a tag\n", AmmoStyle.Uri)]
    [InlineData("[Host: x]\n", AmmoStyle.Uri)]
    [InlineData("5 /a\nhello\n", AmmoStyle.UriPost)]
    [InlineData("[Host: x]\n5 /a t\nhello\n", AmmoStyle.UriPost)]
    [InlineData("18\nGET / HTTP/1.1\r\n\r\n", AmmoStyle.Request)]
    [InlineData("18 tag\nGET / HTTP/1.1\r\n\r\n", AmmoStyle.Request)]
    [InlineData("18 /tag\nGET / HTTP/1.1\r\n\r\n", AmmoStyle.Request)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", AmmoStyle.Request)]
    [InlineData("", AmmoStyle.Request)]
    public void Detect_FromFirstMeaningfulLine(string ammo, AmmoStyle expected)
    {
        Assert.Equal(expected, AmmoParser.Detect(Encoding.UTF8.GetBytes(ammo)));
    }

    [Fact]
    public void Read_ForcedStyle_OverridesDetection()
    {
        // Detected as uripost; forced uri-style it is a line that is not a path.
        string ammo = "5 /a\nhello\n";

        Assert.Equal(AmmoStyle.UriPost, AmmoParser.Detect(Encoding.UTF8.GetBytes(ammo)));
        var error = Ammo.Fails(ammo, AmmoStyle.Uri);
        Assert.Equal(1, error.Line);
        var forced = Assert.Single(Ammo.Parse("/a t\n", AmmoStyle.Uri));
        Assert.Equal("/a", forced.Path);
    }

    [Fact]
    public void Read_FromPath_PlainAndGzip_Same()
    {
        string ammo = Ammo.Chunk(Ammo.Get, "one") + Ammo.Chunk(Ammo.Post, "two");
        string plain = _temp.File("ammo.txt"), gzipped = _temp.File("ammo.txt.gz");
        File.WriteAllText(plain, ammo);
        File.WriteAllBytes(gzipped, Ammo.Gzip(Encoding.UTF8.GetBytes(ammo)));

        var fromPlain = AmmoReader.Read(plain);
        var fromGzip = AmmoReader.Read(gzipped);

        Assert.Equal(2, fromGzip.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal((fromPlain[i].Tag, fromPlain[i].Method, fromPlain[i].Path), (fromGzip[i].Tag, fromGzip[i].Method, fromGzip[i].Path));
            Assert.Equal(fromPlain[i].Raw.ToArray(), fromGzip[i].Raw.ToArray());
        }
    }

    [Fact]
    public void Read_GzipUriStyle_StyleDetectedAfterDecompressing()
    {
        string path = _temp.File("uris.gz");
        File.WriteAllBytes(path, Ammo.Gzip("[Host: a]\n/x tag\n"u8.ToArray()));

        var request = Assert.Single(AmmoReader.Read(path));

        Assert.Equal(("GET", "/x", "tag"), (request.Method, request.Path, request.Tag));
    }

    [Fact]
    public void Read_GzipErrors_OffsetInDecompressedData()
    {
        string path = _temp.File("bad.gz");
        File.WriteAllBytes(path, Ammo.Gzip("/ok\nnot a path\n"u8.ToArray()));

        var error = Assert.Throws<AmmoFormatException>(() => AmmoReader.Read(path));

        Assert.Equal((path, 2, 4L), (error.File, error.Line, error.Offset));
    }

    [Fact]
    public void Read_CorruptGzip_Rejected()
    {
        byte[] gzip = Ammo.Gzip(Encoding.UTF8.GetBytes(Ammo.Chunk(Ammo.Get)));
        gzip[12] ^= 0xFF;
        gzip[13] ^= 0xFF;

        var error = Assert.Throws<AmmoFormatException>(() => Ammo.Parse(gzip));

        Assert.Equal(0, error.Line);
        Assert.StartsWith("ammo.txt (byte 0): the file starts like gzip but does not decompress", error.Message);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(100)]
    public void Read_TruncatedGzip_Rejected(int cut)
    {
        byte[] gzip = Ammo.Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 1000).Select(i => $"/item/{i}\n"))));

        var error = Assert.Throws<AmmoFormatException>(() => Ammo.Parse(gzip[..^cut]));

        Assert.Equal(0, error.Line);
        Assert.Contains("the gzip data ends early (a truncated file?)", error.Message);
    }

    [Fact]
    public void Read_GzipDecompressingPastTheLimit_Rejected()
    {
        byte[] gzip = Ammo.Gzip(new byte[10_000]);

        var error = Assert.Throws<AmmoFormatException>(() => AmmoReader.Parse(gzip, "bomb.gz", AmmoStyle.Auto, maxBytes: 1_000));

        Assert.Equal("bomb.gz (byte 1000): the file decompresses to more than 1000 bytes, the most Barrage reads (ammo is kept in memory)", error.Message);
    }

    [Fact]
    public void Read_StreamPastTheLimit_RejectedSeekableOrNot()
    {
        byte[] data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("/a\n", 1000)));

        var seekable = Assert.Throws<AmmoFormatException>(() => AmmoReader.Read(new MemoryStream(data), "big.txt", AmmoStyle.Auto, maxBytes: 100));
        var piped = Assert.Throws<AmmoFormatException>(() => AmmoReader.Read(new NonSeekableStream(data), "big.txt", AmmoStyle.Auto, maxBytes: 100));

        Assert.Equal("big.txt (byte 100): the file is larger than 100 bytes, the most Barrage reads (ammo is kept in memory)", seekable.Message);
        Assert.Equal(seekable.Message, piped.Message);
        Assert.Equal(1000, AmmoReader.Read(new NonSeekableStream(data), "big.txt").Count);
    }

    [Fact]
    public void Read_MissingFile_IOException()
    {
        Assert.Throws<FileNotFoundException>(() => AmmoReader.Read(_temp.File("missing.txt")));
    }

    [Fact]
    public void Read_ManyUris_ShareOneHeaderListAndTag()
    {
        var requests = Ammo.Parse("[Host: a]\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"/item/{i} items\n")));

        Assert.Equal(100, requests.Count);
        Assert.All(requests, r => Assert.Same(requests[0].Headers, r.Headers));
        Assert.All(requests, r => Assert.Same(requests[0].Tag, r.Tag));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
