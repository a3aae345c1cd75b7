using Barrage.Formats.Ammo;

namespace Barrage.Formats.Tests.Ammo;

public class RequestStyleTests
{
    [Fact]
    public void Read_TwoRequests_RawBytesMethodPathTag()
    {
        var requests = Ammo.Parse(Ammo.Chunk(Ammo.Get, "items") + Ammo.Chunk(Ammo.Post, "cart"));

        Assert.Equal(2, requests.Count);
        Assert.Equal(("items", "GET", "/items?id=1"), (requests[0].Tag, requests[0].Method, requests[0].Path));
        Assert.Equal(Ammo.Get, Ammo.Text(requests[0].Raw));
        Assert.True(requests[0].IsRaw);
        Assert.Empty(requests[0].Headers);
        Assert.True(requests[0].Body.IsEmpty);
        Assert.Equal(("cart", "POST", "/cart"), (requests[1].Tag, requests[1].Method, requests[1].Path));
        Assert.Equal(Ammo.Post, Ammo.Text(requests[1].Raw)); // the body's own newline is part of the request
    }

    [Fact]
    public void Read_NoTag_EmptyTag_TagIsRestOfLine()
    {
        var requests = Ammo.Parse(Ammo.Chunk(Ammo.Get) + Ammo.Chunk(Ammo.Get, "  two words  "));

        Assert.Equal("", requests[0].Tag);
        Assert.Equal("two words", requests[1].Tag);
    }

    [Fact]
    public void Read_CrLfSeparatorsBlankLinesAndNoSeparator_AllTolerated()
    {
        string ammo = Ammo.Chunk(Ammo.Get, "a").Replace("a\n", "a\r\n")[..^1] + "\r\n" // CRLF after size and after request
            + "\n\r\n\n" // blank lines between requests
            + Ammo.Chunk(Ammo.Get, "b")[..^1] // no newline after the request: its own CRLFCRLF ends it
            + Ammo.Chunk(Ammo.Get, "c");

        var requests = Ammo.Parse(ammo);

        Assert.Equal(["a", "b", "c"], requests.Select(r => r.Tag));
        Assert.All(requests, r => Assert.Equal(Ammo.Get, Ammo.Text(r.Raw)));
    }

    [Fact]
    public void Read_ZeroSize_EndsTheAmmo()
    {
        var requests = Ammo.Parse(Ammo.Chunk(Ammo.Get, "a") + "0\n" + "garbage that is never read\n");

        Assert.Equal("a", Assert.Single(requests).Tag);
    }

    [Fact]
    public void Read_LfOnlyRequest_Accepted()
    {
        var request = Assert.Single(Ammo.Parse(Ammo.Chunk("DELETE /x HTTP/1.0\nHost: h\n\n")));

        Assert.Equal(("DELETE", "/x"), (request.Method, request.Path));
    }

    [Fact]
    public void ToPreparedRequest_Raw_SentUnchangedToTheTarget()
    {
        var ammo = Assert.Single(Ammo.Parse(Ammo.Chunk(Ammo.Get, "items")));

        var request = ammo.ToPreparedRequest(new Uri("http://127.0.0.1:8080/ignored/base"));

        Assert.True(request.IsRaw);
        Assert.Equal(Ammo.Get, Ammo.Text(request.RawRequest));
        Assert.Equal("GET", request.Method);
        Assert.Equal(new Uri("http://127.0.0.1:8080/items?id=1"), request.Uri);
        Assert.Equal("items", request.Tag);
    }

    [Theory]
    [InlineData("GET http://elsewhere:9999/a?b=1 HTTP/1.1\r\n\r\n", "http://127.0.0.1:8080/a?b=1")]
    [InlineData("OPTIONS * HTTP/1.1\r\n\r\n", "http://127.0.0.1:8080/")]
    [InlineData("GET //double HTTP/1.1\r\n\r\n", "http://127.0.0.1:8080//double")]
    public void ToPreparedRequest_UnusualTargets_StayOnTheTarget(string raw, string expected)
    {
        var ammo = Assert.Single(Ammo.Parse(Ammo.Chunk(raw)));

        Assert.Equal(expected, ammo.ToPreparedRequest(new Uri("http://127.0.0.1:8080")).Uri.AbsoluteUri);
    }

    [Fact]
    public void Read_TagStartingWithSlash_StillRequestStyle()
    {
        var request = Assert.Single(Ammo.Parse(Ammo.Chunk(Ammo.Get, "/items")));

        Assert.True(request.IsRaw);
        Assert.Equal("/items", request.Tag);
    }
}
