using System.Text;
using Barrage.Formats.Ammo;

namespace Barrage.Formats.Tests.Ammo;

/// <summary>Every way ammo is rejected, with the exact line and byte offset the user is pointed to.</summary>
public class MalformedAmmoTests
{
    private static void AssertError(AmmoFormatException error, int line, long offset, string problem)
    {
        Assert.Equal("ammo.txt", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(offset, error.Offset);
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith(line > 0 ? $"ammo.txt:{line} (byte {offset}): " : $"ammo.txt (byte {offset}): ", error.Message);
    }

    [Fact]
    public void EmptyFile()
    {
        AssertError(Ammo.Fails(""), 1, 0, "the file is empty");
    }

    [Fact]
    public void OnlyBlankLines_NoRequests()
    {
        AssertError(Ammo.Fails("\n \r\n\t\n"), 4, 6, "no requests found in the file");
    }

    [Fact]
    public void ZeroSizeFirst_NoRequests()
    {
        AssertError(Ammo.Fails("0\n" + Ammo.Chunk(Ammo.Get)), 2, 2, "no requests found");
    }

    [Fact]
    public void RequestStyle_NonNumericSize()
    {
        string ammo = Ammo.Chunk(Ammo.Get, "ok") + "\nabc tag\n" + Ammo.Get;

        var error = Ammo.Fails(ammo);

        // line 1 size, 2-4 the request, 5 its separator, 6 blank, 7 "abc tag"
        AssertError(error, 7, ammo.IndexOf("abc", StringComparison.Ordinal),
            "expected a request size in bytes, found 'abc tag' (is the size of the request before it right?)");
    }

    [Fact]
    public void RequestStyle_RawRequestWithoutSize()
    {
        AssertError(Ammo.Fails(Ammo.Get), 1, 0, "expected a request size in bytes, found 'GET /items?id=1 HTTP/1.1'");
    }

    [Fact]
    public void RequestStyle_NegativeSize()
    {
        AssertError(Ammo.Fails("-5\nGET / HTTP/1.1\r\n\r\n", AmmoStyle.Request), 1, 0, "expected a request size in bytes, found '-5'");
    }

    [Fact]
    public void RequestStyle_SizeLargerThanRestOfFile()
    {
        string ammo = Ammo.Chunk(Ammo.Get) + "500 big\n" + Ammo.Get;
        int sizeLine = ammo.IndexOf("500", StringComparison.Ordinal);

        AssertError(Ammo.Fails(ammo), 6, sizeLine, // lines 1-5: size, three request lines, separator
            $"the request size 500 is larger than the rest of the file ({ammo.Length - sizeLine - 8} bytes)");
    }

    [Fact]
    public void RequestStyle_SizeBeyondInt()
    {
        AssertError(Ammo.Fails("99999999999 x\nGET / HTTP/1.1\r\n\r\n"), 1, 0, "the size 99999999999 is larger than the file can be");
    }

    [Fact]
    public void RequestStyle_ChunkNotAnHttpRequest()
    {
        string ammo = Ammo.Chunk(Ammo.Get) + Ammo.Chunk("hello world, not http\r\n\r\n", "bad");

        AssertError(Ammo.Fails(ammo), 7, ammo.IndexOf("hello", StringComparison.Ordinal),
            "the request does not start with an HTTP request line like 'GET /path HTTP/1.1': found 'hello world, not http'");
    }

    [Theory]
    [InlineData("GET /\r\n\r\n")]
    [InlineData("GET  / HTTP/1.1\r\n\r\n")]
    [InlineData("G(T / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1x\r\n\r\n")]
    [InlineData("GET / http/1.1\r\n\r\n")]
    [InlineData("GET /a\u0001b HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1")]
    public void RequestStyle_BadRequestLines(string raw)
    {
        string sizeLine = $"{raw.Length} t\n";

        AssertError(Ammo.Fails(sizeLine + raw + "\n", AmmoStyle.Request), 2, sizeLine.Length, "does not start with an HTTP request line");
    }

    [Fact]
    public void RequestStyle_SizeTooSmall_HeadersDoNotEnd()
    {
        // Two bytes short: the request would go out without its final empty line, and the server would wait.
        string ammo = $"{Ammo.Get.Length - 2} short\n{Ammo.Get}\n";

        AssertError(Ammo.Fails(ammo), 2, ammo.IndexOf("GET", StringComparison.Ordinal),
            "the request's headers do not end with an empty line; is its size right?");
    }

    [Fact]
    public void RequestStyle_SizeTooLarge_NextSizeLineIsGarbage()
    {
        // Five bytes too many: the request swallows the newline and the next size line's start.
        string ammo = $"{Ammo.Get.Length + 5}\n{Ammo.Get}\n" + Ammo.Chunk(Ammo.Get);
        int garbage = "45\n".Length + Ammo.Get.Length + 5; // the next line starts inside "GET"

        AssertError(Ammo.Fails(ammo), 7, garbage, "(is the size of the request before it right?)");
    }

    [Fact]
    public void UriStyle_LineNeitherPathNorHeader()
    {
        string ammo = "[Host: a]\n/ok\nhttp://host/absolute\n";

        AssertError(Ammo.Fails(ammo), 3, 14, "expected a '/path[ tag]' or a '[Header: value]' line, found 'http://host/absolute'");
    }

    [Theory]
    [InlineData("[Host: a\n/\n", "expected a header line like '[Name: value]', found '[Host: a'")]
    [InlineData("[Host a]\n/\n", "expected a header line like '[Name: value]', found '[Host a]'")]
    [InlineData("[: a]\n/\n", "'' is not a valid header name")]
    [InlineData("[Bad Name: a]\n/\n", "'Bad Name' is not a valid header name")]
    [InlineData("[X: a\u0001b]\n/\n", "the value of header 'X' contains a control character")]
    [InlineData("[X: a\rb]\n/\n", "the value of header 'X' contains a control character")]
    public void UriStyle_BadHeaders(string ammo, string problem)
    {
        AssertError(Ammo.Fails("/first\n" + ammo), 2, 7, problem);
    }

    [Fact]
    public void UriPost_MissingPath()
    {
        AssertError(Ammo.Fails("[H: v]\n5\nhello\n", AmmoStyle.UriPost), 2, 7, "expected '<body size> /path[ tag]', found '5'");
    }

    [Fact]
    public void UriPost_PathWithoutSlash()
    {
        AssertError(Ammo.Fails("5 path\nhello\n", AmmoStyle.UriPost), 1, 0, "expected a path starting with '/', found 'path'");
    }

    [Fact]
    public void UriPost_NonNumericSize()
    {
        AssertError(Ammo.Fails("5 /a\nhello\nfive /b\nhello\n"), 3, 11, "expected '<body size> /path[ tag]', found 'five /b'");
    }

    [Fact]
    public void UriPost_BodyLargerThanRestOfFile()
    {
        AssertError(Ammo.Fails("5 /a\nhello\n100 /b tag\nshort\n"), 3, 11, "the body size 100 is larger than the rest of the file (6 bytes)");
    }

    [Fact]
    public void LineNumbers_CountLinesInsideRequestsAndBodies()
    {
        string body = "l1\nl2\nl3";
        string ammo = $"{body.Length} /a\n{body}\n\n[Bad]\n";

        AssertError(Ammo.Fails(ammo), 6, ammo.IndexOf("[Bad]", StringComparison.Ordinal), "expected a header line");
    }

    [Fact]
    public void NonAsciiInMessage_Escaped()
    {
        var error = Ammo.Fails(Encoding.UTF8.GetString([0xD0, 0x96, (byte)' ', (byte)'x', (byte)'\n']), AmmoStyle.Request);

        Assert.Contains("found '\\xD0\\x96 x'", error.Problem);
    }
}
