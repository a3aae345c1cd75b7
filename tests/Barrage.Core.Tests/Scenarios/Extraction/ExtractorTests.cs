using System.Text.RegularExpressions;
using Barrage.Scenarios;
using Barrage.Scenarios.Extraction;
using Barrage.Transport;

namespace Barrage.Core.Tests.Scenarios.Extraction;

public class ExtractorTests
{
    private const CheckFailureAction Abort = CheckFailureAction.AbortIteration;

    private const string Html = """
        <html><head><title>Shop &amp; more</title></head>
        <body><form><input name="csrf" value="tok&amp;en"></form>
        <a class="next" href="/page/2">next</a><a class="next" href="/page/3">later</a></body></html>
        """;

    private static (CheckOutcome Outcome, VariableScope Scope) Run(Extractor extractor, CheckInput input)
    {
        var scope = new VariableScope();
        return (extractor.Extract(input, scope), scope);
    }

    private static void AssertHit(Extractor extractor, CheckInput input, string expected)
    {
        var (outcome, scope) = Run(extractor, input);
        Assert.True(outcome.Passed, outcome.Message);
        Assert.Equal("extract v", outcome.Name);
        Assert.Equal(expected, scope.Values["v"]);
    }

    private static void AssertMiss(Extractor extractor, CheckInput input, string message)
    {
        var (outcome, scope) = Run(extractor, input);
        Assert.False(outcome.Passed);
        Assert.Equal("extract v", outcome.Name);
        Assert.Equal(message, outcome.Message);
        Assert.Equal(Abort, outcome.OnFailure);
        Assert.Empty(scope.Values);
    }

    [Fact]
    public void Json_TakesTheFirstMatch_AsText()
    {
        var input = Responses.Json("{\"token\":\"abc\",\"items\":[{\"id\":7},{\"id\":8}],\"price\":1.50}");

        AssertHit(new JsonExtractor("v", Abort, JsonPathQuery.Parse("$.token")), input, "abc");
        AssertHit(new JsonExtractor("v", Abort, JsonPathQuery.Parse("$.items[1].id")), input, "8");
        AssertHit(new JsonExtractor("v", Abort, JsonPathQuery.Parse("$.price")), input, "1.50");
        AssertHit(new JsonExtractor("v", Abort, JsonPathQuery.Parse("$.items[0]")), input, "{\"id\":7}");
        AssertMiss(new JsonExtractor("v", Abort, JsonPathQuery.Parse("$.missing")), input, "$.missing matched nothing");
    }

    [Fact]
    public void Regex_TakesGroupOne_ANamedGroup_OrTheWholeMatch()
    {
        var input = Responses.Input(200, "order=42&user=bob");
        var grouped = new Regex("order=(\\d+)");
        var named = new Regex("user=(?<name>\\w+)");
        var plain = new Regex("\\d+");

        AssertHit(new RegexExtractor("v", Abort, grouped, RegexExtractor.DefaultGroup(grouped)), input, "42");
        AssertHit(new RegexExtractor("v", Abort, named, "name"), input, "bob");
        AssertHit(new RegexExtractor("v", Abort, plain, RegexExtractor.DefaultGroup(plain)), input, "42");
        AssertMiss(new RegexExtractor("v", Abort, new Regex("id=(\\d+)"), "1"), input, "/id=(\\d+)/ matched nothing");
        AssertMiss(new RegexExtractor("v", Abort, new Regex("order=(\\d+)|(x)"), "2"), input, "/order=(\\d+)|(x)/ matched, but not its group 2");
    }

    [Fact]
    public void Header_TakesTheFirstValue_AnyCase()
    {
        var input = Responses.Input(302, "", [new("Location", "/next"), new("location", "/other")]);

        AssertHit(new HeaderExtractor("v", Abort, "LOCATION"), input, "/next");
        AssertMiss(new HeaderExtractor("v", Abort, "X-Id"), input, "no header 'X-Id'");
    }

    [Fact]
    public void Cookie_TakesTheValueSetLast()
    {
        var input = Responses.Input(200, "", [new("Set-Cookie", "sid=one; Path=/; HttpOnly"), new("Set-Cookie", "theme=\"dark\""), new("set-cookie", "sid=two")]);

        AssertHit(new CookieExtractor("v", Abort, "sid"), input, "two");
        AssertHit(new CookieExtractor("v", Abort, "theme"), input, "dark");
        AssertMiss(new CookieExtractor("v", Abort, "SID"), input, "no Set-Cookie for 'SID'");
    }

    [Fact]
    public void XPath_TakesTextOrAnAttribute()
    {
        var input = Responses.Input(200, Html, [new("Content-Type", "text/html")]);

        AssertHit(new XPathExtractor("v", Abort, "//title", null), input, "Shop & more");
        AssertHit(new XPathExtractor("v", Abort, "//input[@name='csrf']", "value"), input, "tok&en");
        AssertMiss(new XPathExtractor("v", Abort, "//table", null), input, "//table selected nothing");
        AssertMiss(new XPathExtractor("v", Abort, "//title", "lang"), input, "//title has no attribute 'lang'");
    }

    [Fact]
    public void Css_TakesTheFirstElementsTextOrAttribute()
    {
        var input = Responses.Input(200, Html);

        AssertHit(new CssExtractor("v", Abort, "a.next", "href"), input, "/page/2");
        AssertHit(new CssExtractor("v", Abort, "a.next:last-of-type", null), input, "later");
        AssertMiss(new CssExtractor("v", Abort, "div.none", null), input, "div.none matched nothing");
    }

    [Fact]
    public void Validators_RefuseBadPathsSelectorsAndXPaths()
    {
        Assert.Null(JsonPathQuery.Check("$.items[0].id"));
        Assert.StartsWith("not a valid JSONPath", JsonPathQuery.Check("$.items[0"), StringComparison.Ordinal);
        Assert.Null(XPathExtractor.CheckXPath("//a[@href]"));
        Assert.StartsWith("not a valid XPath", XPathExtractor.CheckXPath("//a[@href"), StringComparison.Ordinal);
        Assert.Null(CssExtractor.CheckSelector("a.next > span"));
        Assert.StartsWith("not a valid CSS selector", CssExtractor.CheckSelector("a..next"), StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NoResponse_FailsSayingWhy_OrUsesTheDefault()
    {
        var extractor = new JsonExtractor("v", Abort, JsonPathQuery.Parse("$.a"));
        AssertMiss(extractor, Responses.Failed(NetCodes.Timeout), $"no response: {NetCodes.Describe(NetCodes.Timeout)}");

        var withDefault = new JsonExtractor("v", Abort, JsonPathQuery.Parse("$.a")) { Default = "none" };
        AssertHit(withDefault, Responses.Json("{}"), "none");
    }

    [Fact]
    public void Extract_OneParsePerResponse_SharedByExtractors()
    {
        var input = Responses.Json("{\"a\":1,\"b\":2}");
        var scope = new VariableScope();

        new JsonExtractor("a", Abort, JsonPathQuery.Parse("$.a")).Extract(input, scope);
        var parsed = input.Response!.ParsedJson;
        new JsonExtractor("b", Abort, JsonPathQuery.Parse("$.b")).Extract(input, scope);

        Assert.NotNull(parsed);
        Assert.Same(parsed, input.Response.ParsedJson);
        Assert.Equal(("1", "2"), (scope.Values["a"], scope.Values["b"]));
    }
}
