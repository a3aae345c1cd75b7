using System.Net;

namespace Barrage.Web.Security;

/// <summary>The token rules, the loopback Host check and the cross-site defence of POSTs, against a real dashboard.</summary>
public sealed class RequestGuardTests
{
    [Fact]
    public async Task OffLoopback_WithoutAToken_OneIsGenerated_AndEveryRequestNeedsIt()
    {
        // Bound to every interface, spoken to only over 127.0.0.1.
        await using var d = await Dashboard.StartAsync((_, o) => o with { Listen = "0.0.0.0:0" });
        var token = d.Server.Token;
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Contains("?token=", d.Server.BrowserUrl.ToString(), StringComparison.Ordinal);

        foreach (var path in new[] { "/", "api/runs", "api/info", "api/live/1/events" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await d.Http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await d.PostAsync("api/runs/1/delete")).StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await d.Http.SendAsync(bearer)).StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        wrong.Headers.Add("X-Barrage-Token", token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await d.Http.SendAsync(wrong)).StatusCode);

        // The printed link sets a cookie and drops the token from the address.
        using var link = await d.Http.GetAsync(new Uri($"/?token={token}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal("/", link.Headers.Location!.OriginalString);
        var cookie = link.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await d.Http.SendAsync(withCookie)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await d.Http.GetAsync(new Uri("/?token=nope", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Loopback_WithAGivenToken_NeedsItToo()
    {
        await using var d = await Dashboard.StartAsync((_, o) => o with { Token = "s3cret" });
        Assert.Equal("s3cret", d.Server.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await d.Http.GetAsync(new Uri("api/runs", UriKind.Relative))).StatusCode);
        d.Http.DefaultRequestHeaders.Add("X-Barrage-Token", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await d.Http.GetAsync(new Uri("api/runs", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Loopback_WithoutAToken_RefusesAForeignHostName()
    {
        // A page of another site whose name was rebound to 127.0.0.1 sends its own name as Host.
        await using var d = await Dashboard.StartAsync();
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        rebound.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await d.Http.SendAsync(rebound)).StatusCode);
        using var local = new HttpRequestMessage(HttpMethod.Get, "api/runs");
        local.Headers.Host = $"localhost:{d.Server.Url.Port}";
        Assert.Equal(HttpStatusCode.OK, (await d.Http.SendAsync(local)).StatusCode);
    }

    [Theory]
    [InlineData("Origin", "http://attacker.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task Post_FromAnotherSite_IsRefused_EvenWithThePagesHeader(string header, string value)
    {
        await using var d = await Dashboard.StartAsync();
        var id = d.Record("kept", 1000, DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/runs/{id}/delete");
        request.Headers.Add("X-Barrage-Request", "1");
        request.Headers.Add(header, value);
        Assert.Equal(HttpStatusCode.Forbidden, (await d.Http.SendAsync(request)).StatusCode);
        Assert.Equal(1, (await d.GetJsonAsync("api/runs")).GetArrayLength());

        using var same = new HttpRequestMessage(HttpMethod.Post, $"api/runs/{id}/delete");
        same.Headers.Add("X-Barrage-Request", "1");
        same.Headers.Add("Origin", d.Server.Url.GetLeftPart(UriPartial.Authority));
        same.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await d.Http.SendAsync(same)).StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1:8089", "127.0.0.1", 8089)]
    [InlineData("localhost:0", "127.0.0.1", 0)]
    [InlineData("[::1]:9000", "::1", 9000)]
    [InlineData("*:8089", "0.0.0.0", 8089)]
    public void ParseListen_ReadsHostAndPort(string text, string address, int port)
    {
        var endPoint = DashboardServer.ParseListen(text);
        Assert.Equal(IPAddress.Parse(address), endPoint.Address);
        Assert.Equal(port, endPoint.Port);
    }

    [Theory]
    [InlineData("8089")]
    [InlineData("example.com:80")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("::1:80")]
    public void ParseListen_RefusesWhatIsNotHostAndPort(string text) =>
        Assert.Throws<ArgumentException>(() => DashboardServer.ParseListen(text));
}
