using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Barrage.Target.Tests.Endpoints;

public sealed class AuthEndpointsTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    [Fact]
    public async Task BasicAuth_MatchingCredentials_Gives200()
    {
        var response = await SendAsync("/basic-auth/alice/s3cret", Basic("alice:s3cret"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.RootElement.GetProperty("authenticated").GetBoolean());
        Assert.Equal("alice", body.RootElement.GetProperty("user").GetString());
    }

    [Theory]
    [InlineData("Basic", "YWxpY2U6d3Jvbmc=")] // alice:wrong
    [InlineData("Basic", "not base64!")]
    [InlineData("Bearer", "YWxpY2U6czNjcmV0")] // the right credentials under the wrong scheme
    [InlineData(null, null)]
    public async Task BasicAuth_WrongOrMissingCredentials_Gives401WithChallenge(string? scheme, string? parameter)
    {
        var response = await SendAsync("/basic-auth/alice/s3cret", scheme is null ? null : new AuthenticationHeaderValue(scheme, parameter));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"barrage\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("{\"authenticated\":false}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bearer_AnyToken_Gives200()
    {
        var response = await SendAsync("/bearer", new AuthenticationHeaderValue("Bearer", "tok-123"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tok-123", body.RootElement.GetProperty("token").GetString());
    }

    [Fact]
    public async Task Bearer_MissingOrEmptyToken_Gives401WithChallenge()
    {
        var missing = await SendAsync("/bearer", null);
        var basic = await SendAsync("/bearer", Basic("a:b"));
        var empty = await RawHttp.SendAsync(fixture.Server.BaseAddress,
            "GET /bearer HTTP/1.1\r\nHost: t\r\nConnection: close\r\nAuthorization: Bearer \r\n\r\n");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer realm=\"barrage\"", missing.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.StartsWith("HTTP/1.1 401 ", empty.Text);
    }

    private Task<HttpResponseMessage> SendAsync(string path, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return fixture.Client.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
}
