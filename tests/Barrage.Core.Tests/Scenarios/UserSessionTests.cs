namespace Barrage.Scenarios;

public class UserSessionTests
{
    private static readonly Uri Site = new("http://127.0.0.1:8080/shop/cart");

    [Fact]
    public void EmptySession_IsInactive_AndSendsNoCookie()
    {
        var session = new UserSession();
        Assert.False(session.IsActive);
        Assert.Equal("", session.CookieHeader(Site));
    }

    [Fact]
    public void SetCookie_FollowsCookieRules_ForPathAndLaterResponses()
    {
        var session = new UserSession();
        session.OnResponseHeader(Site, "Set-Cookie", "sid=abc; Path=/");
        session.OnResponseHeader(Site, "set-cookie", "cart=3; Path=/shop");
        session.OnResponseHeader(Site, "Set-Cookie", "sid=def; Path=/");

        Assert.True(session.IsActive);
        Assert.Equal("cart=3; sid=def", session.CookieHeader(Site));
        Assert.Equal("sid=def", session.CookieHeader(new Uri("http://127.0.0.1:8080/other")));
        Assert.Equal("", session.CookieHeader(new Uri("http://127.0.0.2:8080/")));
    }

    [Fact]
    public void ABadCookie_IsDropped()
    {
        var session = new UserSession();
        session.OnResponseHeader(Site, "Set-Cookie", "x=1; Domain=example.com");
        Assert.Equal("", session.CookieHeader(Site));
    }

    [Fact]
    public void DigestChallenge_IsKept_AndAnsweredWithACountingNc()
    {
        var session = new UserSession();
        session.OnResponseHeader(Site, "WWW-Authenticate", "Basic realm=\"x\"");
        Assert.Null(session.Digest);
        session.OnResponseHeader(Site, "WWW-Authenticate", "Digest realm=\"barrage\", qop=\"auth,auth-int\", algorithm=MD5, nonce=\"n1\", opaque=\"o\"");

        var first = session.Digest!.Answer("GET", "/a?b=1", "ann", "pw", new Random(1));
        var second = session.Digest.Answer("GET", "/a?b=1", "ann", "pw", new Random(1));

        Assert.StartsWith("Digest username=\"ann\", realm=\"barrage\", nonce=\"n1\", uri=\"/a?b=1\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"", first, StringComparison.Ordinal);
        Assert.Contains("nc=00000002", second, StringComparison.Ordinal);
        Assert.EndsWith("\", opaque=\"o\"", first, StringComparison.Ordinal);
    }

    [Fact]
    public void DigestWithoutQop_UsesTheRfc2069Response()
    {
        // RFC 2617 §3.5's example, without qop: HA1 = MD5("Mufasa:testrealm@host.com:Circle Of Life").
        var challenge = DigestChallenge.TryParse("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"")!;
        var answer = challenge.Answer("GET", "/dir/index.html", "Mufasa", "Circle Of Life", new Random(1));
        Assert.EndsWith("response=\"670fd8c2df070c60b045671b8b24ff02\"", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Digest realm=\"r\"")]
    [InlineData("Digest nonce=\"n\", algorithm=MD5-sess")]
    [InlineData("Digest nonce=\"n\", qop=\"auth-int\"")]
    public void ChallengesBarrageCannotAnswer_AreIgnored(string header) => Assert.Null(DigestChallenge.TryParse(header));
}
