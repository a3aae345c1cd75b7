using Barrage.Plans;

namespace Barrage.Core.Tests.Plans;

public sealed class RequestActivityTests
{
    [Theory]
    [InlineData("/items?page=2", "GET /items")]                     // on Unix this once parsed as a file: URI, query and all
    [InlineData("/items", "GET /items")]
    [InlineData("items?x=1", "GET items")]
    [InlineData("http://127.0.0.1:8080/a/b?q=1", "GET /a/b")]
    public void EffectiveTag_IsMethodAndPath_WithoutTheQuery(string url, string tag) =>
        Assert.Equal(tag, new RequestActivity { Method = "GET", Url = url }.EffectiveTag);

    [Fact]
    public void EffectiveTag_AGivenTagWins() =>
        Assert.Equal("home", new RequestActivity { Method = "GET", Url = "/?x=1", Tag = "home" }.EffectiveTag);
}
