using Barrage.Scenarios;

namespace Barrage.Core.Tests.Scenarios;

public class JsonPathQueryTests
{
    private const string Document = """
        {"items": [{"id": 1, "name": "item 1", "price": 1.50}, {"id": 2, "name": "item 2", "tags": ["x", "y"]}],
         "count": 2, "ok": true, "none": null, "a b": {"c": "spaced"}, "when": "2026-11-23T10:00:00Z", "big": 12345678901234567890}
        """;

    [Theory]
    [InlineData("$")]
    [InlineData("$.count")]
    [InlineData("$.items[0].price")]
    [InlineData("$.items[1].tags")]
    [InlineData("$.items[1].tags[1]")]
    [InlineData("$['a b'].c")]
    [InlineData("$.items[*].tags")]
    [InlineData("$.*.c")]
    [InlineData("$.ok")]
    [InlineData("$.none")]
    [InlineData("$.when")]
    [InlineData("$.big")]
    [InlineData("$.items[7]")]
    [InlineData("$.missing.deeper")]
    [InlineData("$.count.deeper")]
    public void PlainPaths_AnswerAsNewtonsoftDoes(string path)
    {
        var plain = JsonPathQuery.Parse(path);
        var full = JsonPathQuery.Parse(path, allowPlain: false);

        Assert.True(plain.IsPlain);
        Assert.False(full.IsPlain);
        var plainProblem = plain.Find(Responses.Json(Document).Response!, out var plainFound);
        var fullProblem = full.Find(Responses.Json(Document).Response!, out var fullFound);
        Assert.Equal(fullProblem, plainProblem);
        Assert.Equal(fullFound, plainFound);
    }

    [Theory]
    [InlineData("$.items[?(@.id == 2)].name", "item 2")]
    [InlineData("$..name", "item 1")]
    [InlineData("$.items[-1:].id", "2")]
    [InlineData("items[1].id", "2")]
    public void OtherPaths_GoToNewtonsoft(string path, string expected)
    {
        var query = JsonPathQuery.Parse(path);

        Assert.False(query.IsPlain);
        Assert.Null(query.Find(Responses.Json(Document).Response!, out var found));
        Assert.Equal(expected, found.Text);
    }

    [Fact]
    public void Parse_ABadPath_Throws_AndCheckSaysWhy()
    {
        Assert.Equal("not a valid JSONPath: Path ended with open indexer.", JsonPathQuery.Check("$.a["));
        Assert.Throws<ArgumentException>(() => JsonPathQuery.Parse("$.a["));
    }
}
