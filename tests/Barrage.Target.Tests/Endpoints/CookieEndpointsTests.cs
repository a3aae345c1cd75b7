using System.Net;
using System.Text.Json;

namespace Barrage.Target.Tests.Endpoints;

public sealed class CookieEndpointsTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    [Fact]
    public async Task Set_SendsSetCookieAndListsWhatItSet()
    {
        var response = await fixture.Client.GetAsync("/cookies/set?session=abc&theme=dark%20mode");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["session=abc; path=/", "theme=dark%20mode; path=/"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("dark mode", body.RootElement.GetProperty("cookies").GetProperty("theme").GetString());
    }

    [Fact]
    public async Task Cookies_ShowsWhatAClientWithACookieJarSendsBack()
    {
        using var client = fixture.CreateClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() });

        await client.GetAsync("/cookies/set?session=abc&theme=dark%20mode");
        using var body = JsonDocument.Parse(await client.GetStringAsync("/cookies"));

        var cookies = body.RootElement.GetProperty("cookies");
        Assert.Equal("abc", cookies.GetProperty("session").GetString());
        Assert.Equal("dark mode", cookies.GetProperty("theme").GetString());
    }

    [Fact]
    public async Task Cookies_WithoutCookies_IsEmpty()
    {
        Assert.Equal("{\"cookies\":{}}", await fixture.Client.GetStringAsync("/cookies"));
    }

    [Theory]
    [InlineData("/cookies/set?bad%20name=1")]
    [InlineData("/cookies/set?a;b=1")]
    [InlineData("/cookies/set?=1")]
    public async Task Set_InvalidName_Gives400(string path)
    {
        var response = await fixture.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
