using System.Net;
using Barrage.Target.Internal;

namespace Barrage.Target.Tests.Internal;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("[::1]:8080", "::1", 8080)]
    [InlineData("localhost:9000", "127.0.0.1", 9000)]
    [InlineData("*:80", "0.0.0.0", 80)]
    [InlineData("0.0.0.0:65535", "0.0.0.0", 65535)]
    public void TryParse_HostAndPort_GivesEndPoint(string text, string address, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var endPoint, out var error), error);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("::1:8080")]
    [InlineData("[::1]")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:http")]
    [InlineData("example.com:80")]
    [InlineData("http://127.0.0.1:80")]
    public void TryParse_Nonsense_FailsWithAReason(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:81/")]
    [InlineData("0.0.0.0", "http://127.0.0.1:81/")]
    [InlineData("::", "http://[::1]:81/")]
    [InlineData("::1", "http://[::1]:81/")]
    public void BaseAddressFor_Wildcard_BecomesLoopback(string bound, string expected) =>
        Assert.Equal(new Uri(expected), ListenAddress.BaseAddressFor(new IPEndPoint(IPAddress.Parse(bound), 81)));
}
