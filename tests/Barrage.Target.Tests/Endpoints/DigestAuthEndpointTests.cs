using System.Net;
using System.Text.Json;

namespace Barrage.Target.Tests.Endpoints;

public sealed class DigestAuthEndpointTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("?algorithm=SHA-256")]
    public async Task DigestAuth_DotNetsDigestClient_GetsIn(string query)
    {
        using var client = fixture.CreateClient(new SocketsHttpHandler { Credentials = new NetworkCredential("ann", "pw") });

        var response = await client.GetAsync(new Uri("/digest-auth/ann/pw" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ann", body.RootElement.GetProperty("user").GetString());
    }

    [Fact]
    public async Task DigestAuth_WrongPassword_Gives401WithAChallenge()
    {
        using var client = fixture.CreateClient(new SocketsHttpHandler { Credentials = new NetworkCredential("ann", "nope") });

        var response = await client.GetAsync(new Uri("/digest-auth/ann/pw", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Digest", challenge.Scheme);
        Assert.Contains("realm=\"barrage\", qop=\"auth\", algorithm=MD5, nonce=\"", challenge.Parameter, StringComparison.Ordinal);
    }
}
