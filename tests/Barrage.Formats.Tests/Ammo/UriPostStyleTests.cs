using System.Text;
using Barrage.Formats.Ammo;

namespace Barrage.Formats.Tests.Ammo;

public class UriPostStyleTests
{
    [Fact]
    public void Read_BodiesExactlySized_PostWithHeadersAndTags()
    {
        string body1 = "{\"a\":1}\n{\"b\":2}"; // a newline inside the body
        var requests = Ammo.Parse(
            "[Content-Type: application/json]\n" +
            $"{body1.Length} /api/a first\n{body1}\n" +
            "0 /api/empty\n\n" +
            "[Content-Type: text/plain]\r\n" +
            "5 /api/b?x=1 second\r\nhello\r\n");

        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("POST", r.Method));
        Assert.Equal(["/api/a", "/api/empty", "/api/b?x=1"], requests.Select(r => r.Path));
        Assert.Equal(["first", "", "second"], requests.Select(r => r.Tag));
        Assert.Equal([body1, "", "hello"], requests.Select(r => Ammo.Text(r.Body)));
        Assert.Equal("application/json", requests[0].Headers.Single().Value);
        Assert.Equal("text/plain", requests[2].Headers.Single().Value);
    }

    [Fact]
    public void Read_BinaryBody_BytesUnchanged()
    {
        byte[] body = [0, 1, 2, 0xFF, (byte)'\n', (byte)'\r', 0x1F, 0x8B];
        byte[] file = [.. Encoding.ASCII.GetBytes($"{body.Length} /bin\n"), .. body, (byte)'\n'];

        var request = Assert.Single(Ammo.Parse(file));

        Assert.Equal(body, request.Body.ToArray());
    }

    [Fact]
    public void ToPreparedRequest_UriPost_BodyAndHeaders()
    {
        var ammo = Assert.Single(Ammo.Parse("[Content-Type: text/plain]\n5 /echo e\nhello\n"));

        var request = ammo.ToPreparedRequest(new Uri("https://127.0.0.1:8443"));

        Assert.Equal("POST", request.Method);
        Assert.Equal(new Uri("https://127.0.0.1:8443/echo"), request.Uri);
        Assert.Equal("hello", Ammo.Text(request.Body));
        Assert.Equal(new KeyValuePair<string, string>("Content-Type", "text/plain"), Assert.Single(request.Headers));
    }
}
