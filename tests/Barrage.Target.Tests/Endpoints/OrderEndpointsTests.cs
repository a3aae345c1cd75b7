using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Barrage.Target.Tests.Endpoints;

public sealed class OrderEndpointsTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    [Fact]
    public async Task LoginThenOrderThenRead_EachWithWhatTheLastAnswerGave()
    {
        var token = await JsonField(await fixture.Client.PostAsync(new Uri("/login", UriKind.Relative), new StringContent("{}")), "token");
        var created = await SendAsync(HttpMethod.Post, "/orders", token);
        var id = await JsonField(created, "id");
        var read = await SendAsync(HttpMethod.Get, "/orders/" + id, token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(id, await JsonField(read, "id"));
        Assert.NotEqual(token, await JsonField(await fixture.Client.PostAsync(new Uri("/login", UriKind.Relative), null), "token"));
    }

    [Fact]
    public async Task ValuesThisServerDidNotIssue_AreRefused()
    {
        var token = await JsonField(await fixture.Client.PostAsync(new Uri("/login", UriKind.Relative), null), "token");
        var id = await JsonField(await SendAsync(HttpMethod.Post, "/orders", token), "id");
        await using var other = await TargetServer.StartAsync(new TargetServerOptions());
        using var otherClient = new HttpClient { BaseAddress = other.BaseAddress };
        var otherToken = await JsonField(await otherClient.PostAsync(new Uri("/login", UriKind.Relative), null), "token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Post, "/orders", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Post, "/orders", otherToken)).StatusCode); // another server's
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/orders/" + id, token[..^1] + (token[^1] == '0' ? '1' : '0'))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/orders/" + token, token)).StatusCode); // a token is no order id
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/orders/o123", token)).StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return fixture.Client.SendAsync(request);
    }

    private static async Task<string> JsonField(HttpResponseMessage response, string name)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty(name).GetString()!;
    }
}
