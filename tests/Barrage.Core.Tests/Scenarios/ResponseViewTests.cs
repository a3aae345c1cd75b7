using System.Text;
using Barrage.Scenarios.Checks;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>A captured response read from its raw head: headers found without parsing them all, parsed on demand.</summary>
public sealed class ResponseViewTests
{
    private static readonly byte[] Head = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type:  text/plain \r\nset-cookie: a=1\r\nX-Empty:\r\nSet-Cookie: b=2\nContent-Length: 5\r\n\r\n");

    private static ResponseView View(string body = "hello") =>
        ResponseView.FromRawHead(200, Head, Encoding.UTF8.GetBytes(body), Encoding.UTF8.GetByteCount(body), 1024);

    [Fact]
    public void Header_FromTheRawHead_IsCaseInsensitive_Trimmed_AndTheFirstOfSeveral()
    {
        var view = View();

        Assert.Equal("text/plain", view.Header("content-type"));
        Assert.Equal("a=1", view.Header("Set-Cookie"));
        Assert.Equal("", view.Header("X-Empty"));
        Assert.Null(view.Header("Content")); // a prefix of a name is not the name
        Assert.Null(view.Header("HTTP/1.1 200 OK")); // the status line is no field
    }

    [Fact]
    public void HasHeader_MatchesWhatTheParsedHeadersSay()
    {
        var view = View();

        Assert.True(view.HasHeader("SET-COOKIE"));
        Assert.False(view.HasHeader("WWW-Authenticate"));
        Assert.Equal(
            [new("Content-Type", "text/plain"), new("set-cookie", "a=1"), new("X-Empty", ""), new("Set-Cookie", "b=2"), new("Content-Length", "5")],
            view.Headers);
        Assert.Equal(["a=1", "b=2"], view.HeaderValues("set-cookie"));
        Assert.True(view.HasHeader("x-empty")); // after parsing, from the list
    }

    [Fact]
    public void BodyContains_SearchesBytes_AndATextWithTheReplacementCharacterMatchesInvalidBytes()
    {
        var input = new CheckInput(new TransportResult(0, 0, 0, 0, 0, 0, 0, 200) { Response = ResponseView.FromRawHead(200, Head, [(byte)'o', 0xFF, (byte)'k'], 3, 1024) }, 10);
        var plain = new BodyContainsCheck("c", CheckFailureAction.Continue, "k");
        var replaced = new BodyContainsCheck("c", CheckFailureAction.Continue, "o\uFFFDk");
        var absent = new BodyContainsCheck("c", CheckFailureAction.Continue, "ok");

        Assert.True(plain.Evaluate(input).Passed);
        Assert.True(replaced.Evaluate(input).Passed);
        Assert.False(absent.Evaluate(input).Passed);
    }
}
