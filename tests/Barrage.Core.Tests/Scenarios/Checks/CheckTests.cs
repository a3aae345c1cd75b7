using System.Text.RegularExpressions;
using Barrage.Scenarios;
using Barrage.Scenarios.Checks;
using Barrage.Transport;

namespace Barrage.Core.Tests.Scenarios.Checks;

public class CheckTests
{
    private const CheckFailureAction Stop = CheckFailureAction.StopUser;

    private static readonly Regex IdPattern = new("\"id\":\\s*\\d+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static void AssertFails(CheckOutcome outcome, string message)
    {
        Assert.False(outcome.Passed);
        Assert.Equal(message, outcome.Message);
        Assert.Equal(Stop, outcome.OnFailure);
    }

    [Fact]
    public void Status_CodeListOrClass_PassesOnAMatch_FailsSayingWhatCame()
    {
        var check = new StatusCheck("s", Stop, [(200, 200), (201, 201), (300, 399)], "200, 201 or 3xx");

        Assert.True(check.Evaluate(Responses.Input(201)).Passed);
        Assert.True(check.Evaluate(Responses.Uncaptured(302)).Passed);
        AssertFails(check.Evaluate(Responses.Input(503)), "expected status 200, 201 or 3xx, got 503");
        AssertFails(check.Evaluate(Responses.Failed(NetCodes.ConnectionRefused)), $"expected status 200, 201 or 3xx, got no response ({NetCodes.Describe(NetCodes.ConnectionRefused)})");
        Assert.False(check.NeedsResponse);
    }

    [Fact]
    public void BodyContains_PassesWhenTheTextIsThere()
    {
        var check = new BodyContainsCheck("b", Stop, "item 2");

        Assert.True(check.Evaluate(Responses.Input(200, "[item 1, item 2]")).Passed);
        AssertFails(check.Evaluate(Responses.Input(200, "[item 1, ITEM 2]")), "the body does not contain 'item 2'");
        AssertFails(check.Evaluate(Responses.Uncaptured(200)), "the response was not captured (the request must set CaptureResponse)");
    }

    [Fact]
    public void BodyRegex_PassesOnAMatchAnywhere()
    {
        var check = new BodyRegexCheck("r", Stop, IdPattern);

        Assert.True(check.Evaluate(Responses.Json("{\"items\":[{\"id\": 7}]}")).Passed);
        AssertFails(check.Evaluate(Responses.Json("{\"items\":[]}")), "the body does not match /\"id\":\\s*\\d+/");
    }

    [Theory]
    [InlineData("$.items[0].id", null, true)]
    [InlineData("$.items[5].id", null, false)]
    [InlineData("$.count", "2", true)]
    [InlineData("$.count", "2.0", true)]
    [InlineData("$.count", "3", false)]
    [InlineData("$.items[1].name", "item 2", true)]
    [InlineData("$.items[?(@.id == 2)].name", "item 2", true)]
    [InlineData("$.ok", "true", true)]
    [InlineData("$.none", "null", true)]
    [InlineData("$.when", "2026-11-23T10:00:00Z", true)]
    [InlineData("$.items[0]", "{\"id\":1,\"name\":\"item 1\"}", true)]
    public void Json_ExistsOrEquals(string path, string? equals, bool passes)
    {
        var check = new JsonCheck("j", Stop, JsonPathQuery.Parse(path), equals);
        var input = Responses.Json("{\"items\":[{\"id\":1,\"name\":\"item 1\"},{\"id\":2,\"name\":\"item 2\"}],\"count\":2,\"ok\":true,\"none\":null,\"when\":\"2026-11-23T10:00:00Z\"}");

        Assert.Equal(passes, check.Evaluate(input).Passed);
    }

    [Fact]
    public void Json_Failures_SayWhatWasFound()
    {
        var input = Responses.Json("{\"count\":2}");

        AssertFails(new JsonCheck("j", Stop, JsonPathQuery.Parse("$.count"), "3").Evaluate(input), "$.count is '2', expected '3'");
        AssertFails(new JsonCheck("j", Stop, JsonPathQuery.Parse("$.items"), null).Evaluate(input), "$.items matched nothing");
        var notJson = new JsonCheck("j", Stop, JsonPathQuery.Parse("$.a"), null).Evaluate(Responses.Input(200, "<html>"));
        Assert.False(notJson.Passed);
        Assert.StartsWith("the body is not JSON: ", notJson.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_ExistsEqualsOrMatches_AnyCaseAnyOccurrence()
    {
        var input = Responses.Input(200, "", [new("Set-Cookie", "a=1"), new("set-cookie", "b=2"), new("X-Id", "42")]);

        Assert.True(new HeaderCheck("h", Stop, "x-id", null, null).Evaluate(input).Passed);
        Assert.True(new HeaderCheck("h", Stop, "SET-COOKIE", "b=2", null).Evaluate(input).Passed);
        Assert.True(new HeaderCheck("h", Stop, "X-Id", null, new Regex("^\\d+$")).Evaluate(input).Passed);
        AssertFails(new HeaderCheck("h", Stop, "Location", null, null).Evaluate(input), "no header 'Location'");
        AssertFails(new HeaderCheck("h", Stop, "X-Id", "43", null).Evaluate(input), "header 'X-Id' is '42', expected '43'");
        AssertFails(new HeaderCheck("h", Stop, "X-Id", null, new Regex("^a")).Evaluate(input), "header 'X-Id' is '42', which does not match /^a/");
    }

    [Fact]
    public void MaxTime_JudgesTheRequestsTotalTime()
    {
        var check = new MaxTimeCheck("t", Stop, TimeSpan.FromMilliseconds(300));

        Assert.True(check.Evaluate(Responses.Input(200, "", totalUs: 300_000)).Passed);
        var slow = check.Evaluate(Responses.Input(200, "", totalUs: 450_000));
        Assert.False(slow.Passed);
        Assert.StartsWith("took 450ms, more than 300ms", slow.Message, StringComparison.Ordinal);
        Assert.False(check.NeedsResponse);
    }

    [Fact]
    public void Evaluate_ABodyThatCannotBeDecoded_FailsWithTheReason()
    {
        var view = new ResponseView(200, [new("Content-Encoding", "gzip")], "garbage"u8.ToArray(), 7, 1024);
        var input = new CheckInput(new TransportResult(0, 0, 0, 0, 1, 7, 0, 200) { Response = view }, 1);

        var outcome = new BodyContainsCheck("b", Stop, "x").Evaluate(input);

        Assert.False(outcome.Passed);
        Assert.StartsWith("the body could not be read: the gzip body could not be decoded", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ACheckThatThrows_FailsInsteadOfThrowing()
    {
        var outcome = new Throwing().Evaluate(Responses.Input(200));

        Assert.False(outcome.Passed);
        Assert.Equal("the check could not run: boom", outcome.Message);
    }

    private sealed class Throwing() : Check("throws", CheckFailureAction.Continue)
    {
        protected override string? Judge(in CheckInput input) => throw new InvalidOperationException("boom");
    }
}
