using System.Net;
using Barrage.Engine;
using Barrage.Plans;
using Barrage.Scenarios;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary>
/// A user's session against the target: cookies and Digest answers go out once the session holds them. Responses
/// feed the session through <see cref="UserSession.OnResponseHeader"/> (the transport captures their headers); some
/// tests feed it by hand, with what the target really answers, to set a session up before the first request.
/// </summary>
public sealed class SessionTests : TargetTest
{
    private (CompiledScenario Scenario, CollectingSink Sink) Compile(string yaml, CapturingTransports transports)
    {
        var plan = PlanLoader.Parse($"target: {Server.BaseAddress}\nload: {{ iterations: 1 }}\n{yaml}", "plan.yaml");
        var sink = new CollectingSink();
        var timer = new RequestTimer(TimeProvider.System, sink, new RunProgress());
        timer.Start();
        return (CompiledScenario.Compile(plan, Server.BaseAddress, transports, timer, TimeProvider.System), sink);
    }

    [Fact]
    public async Task Cookies_TheTargetSets_GoBackWithTheNextRequests()
    {
        using var client = new HttpClient { BaseAddress = Server.BaseAddress };
        var set = await client.GetAsync(new Uri("/cookies/set?sid=abc&theme=dark", UriKind.Relative));
        var transports = new CapturingTransports();
        var (scenario, sink) = Compile("""
            scenario:
              main:
                - get: /cookies
                - get: /bytes/${user_id}
            """, transports);
        await using var user = scenario.CreateUser(1, CancellationToken.None);

        foreach (var header in set.Headers.GetValues("Set-Cookie"))
            user.Session.OnResponseHeader(new Uri(Server.BaseAddress, "/cookies/set"), "Set-Cookie", header);
        Assert.True(await CompiledScenario.RunAsync(scenario.Main, user, CancellationToken.None));

        Assert.All(transports.Requests, r => Assert.Contains("\r\nCookie: sid=abc; theme=dark\r\n", r, StringComparison.Ordinal));
        Assert.Equal(2, transports.Requests.Count);
        Assert.All(sink.Samples, s => Assert.Equal(200, s.Result.StatusCode));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?algorithm=SHA-256")]
    public async Task Digest_AnswersTheTargetsChallenge(string query)
    {
        using var client = new HttpClient { BaseAddress = Server.BaseAddress };
        var challenge = await client.GetAsync(new Uri("/digest-auth/ann/pw" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        var transports = new CapturingTransports();
        var (scenario, sink) = Compile($$"""
            variables: { password: pw }
            auth: { digest: { user: ann, password: "${password}" } }
            scenario:
              main:
                - get: /digest-auth/ann/pw{{query}}
                - get: /digest-auth/ann/pw{{query}}
            """, transports);
        await using var user = scenario.CreateUser(1, CancellationToken.None);

        user.Session.OnResponseHeader(Server.BaseAddress, "WWW-Authenticate", challenge.Headers.WwwAuthenticate.ToString());
        Assert.True(await CompiledScenario.RunAsync(scenario.Main, user, CancellationToken.None));

        Assert.Equal([200, 200], sink.Samples.Select(s => s.Result.StatusCode));
        Assert.Contains("nc=00000002", transports.Requests.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_TheFirstRequestGoesWithoutCredentials_AndTheChallengeIsAnsweredAtOnce()
    {
        var transports = new CapturingTransports();
        var (scenario, sink) = Compile("""
            auth: { digest: { user: ann, password: pw } }
            scenario:
              main: [ { get: /digest-auth/ann/pw } ]
            """, transports);
        await using var user = scenario.CreateUser(1, CancellationToken.None);

        await CompiledScenario.RunAsync(scenario.Main, user, CancellationToken.None);

        Assert.Equal([401, 200], sink.Samples.Select(s => s.Result.StatusCode));
        Assert.DoesNotContain("Authorization:", transports.Requests.ElementAt(0), StringComparison.Ordinal);
        Assert.Contains("\r\nAuthorization: Digest ", transports.Requests.ElementAt(1), StringComparison.Ordinal);
    }
}
