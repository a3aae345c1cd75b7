namespace Barrage.Plans;

public class WebSocketUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/", "/ws/echo?x=1", "ws://127.0.0.1:8080/ws/echo?x=1")]
    [InlineData("https://example.com/api/", "/ws", "wss://example.com/api/ws")]
    [InlineData("http://example.com/", "wss://other.example:9443/live", "wss://other.example:9443/live")]
    [InlineData("http://example.com/", "https://other.example/live", "wss://other.example/live")]
    [InlineData("https://example.com:443/", "/ws", "wss://example.com/ws")]
    public void Resolve_MakesAWebSocketAddress(string baseAddress, string url, string expected) =>
        Assert.Equal(new Uri(expected), WebSocketUrl.Resolve(new Uri(baseAddress), url));

    [Theory]
    [InlineData("/ws", true)]
    [InlineData("ws://h/x", true)]
    [InlineData("wss://h:1/x", true)]
    [InlineData("${base}/ws", true)]
    [InlineData("ws/echo", false)]
    [InlineData("ftp://h/x", false)]
    [InlineData("/a b", false)]
    public void Check_AcceptsPathsAndWebSocketUrls(string text, bool valid) => Assert.Equal(valid, WebSocketUrl.Check(text) is null);
}
