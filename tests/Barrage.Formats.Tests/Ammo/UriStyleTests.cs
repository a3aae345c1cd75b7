using Barrage.Formats.Ammo;

namespace Barrage.Formats.Tests.Ammo;

public class UriStyleTests
{
    private static KeyValuePair<string, string> H(string name, string value) => new(name, value);

    [Fact]
    public void Read_PathsAndTags_GetRequests()
    {
        var requests = Ammo.Parse("/\n/items?id=1 items\n\n/search?q=a%20b  find it \n");

        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
        Assert.All(requests, r => Assert.False(r.IsRaw));
        Assert.Equal(["/", "/items?id=1", "/search?q=a%20b"], requests.Select(r => r.Path));
        Assert.Equal(["", "items", "find it"], requests.Select(r => r.Tag));
    }

    [Fact]
    public void Read_Headers_ApplyToLaterUrisReplaceAndClear()
    {
        var requests = Ammo.Parse(
            "[Host: shop]\n" +
            "[Connection: close]\n" +
            "/one\n" +
            "[host: other]\n" +          // same name, other case: replaces, keeps its place
            "[ User-Agent :  barrage ]\n" +
            "/two\r\n" +
            "[Connection:]\n" +          // empty value: removed
            "/three\n");

        Assert.Equal([H("Host", "shop"), H("Connection", "close")], requests[0].Headers);
        Assert.Equal([H("host", "other"), H("Connection", "close"), H("User-Agent", "barrage")], requests[1].Headers);
        Assert.Equal([H("host", "other"), H("User-Agent", "barrage")], requests[2].Headers);
    }

    [Fact]
    public void Read_HeaderValueWithColons_KeptWhole()
    {
        var request = Assert.Single(Ammo.Parse("[Referer: http://a:8080/x]\n/\n"));

        Assert.Equal([H("Referer", "http://a:8080/x")], request.Headers);
    }

    [Fact]
    public void ToPreparedRequest_Uri_HeadersMethodAndUri()
    {
        var ammo = Ammo.Parse("[Authorization: Bearer t]\n/items?id=1 items\n")[0];

        var request = ammo.ToPreparedRequest(new Uri("http://[::1]:9000/"));

        Assert.False(request.IsRaw);
        Assert.Equal("GET", request.Method);
        Assert.Equal(new Uri("http://[::1]:9000/items?id=1"), request.Uri);
        Assert.Equal([H("Authorization", "Bearer t")], request.Headers);
        Assert.True(request.Body.IsEmpty);
        Assert.Equal("items", request.Tag);
    }

    [Fact]
    public void Read_OnlyHeaders_NoRequests()
    {
        var error = Ammo.Fails("[Host: a]\n\n");

        Assert.Equal("ammo.txt:3 (byte 11): no requests found in the file", error.Message);
    }
}
