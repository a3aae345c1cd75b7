using Barrage.Engine;
using Barrage.Scenarios;
using Barrage.Scenarios.Checks;
using Barrage.Scenarios.Extraction;

namespace Barrage.Core.Tests.Scenarios;

public class ResponseRulesTests
{
    private sealed class CheckSink : ISampleSink
    {
        public List<CheckSample> Checks { get; } = [];

        public void Record(in Sample sample)
        {
        }

        public void RecordCheck(in CheckSample check) => Checks.Add(check);
    }

    [Fact]
    public void Apply_RecordsEveryVerdict_AndReturnsTheStrongestFailureAction()
    {
        var rules = new ResponseRules(
            [
                new StatusCheck("status 200", CheckFailureAction.AbortIteration, [(200, 200)], "200"),
                new BodyContainsCheck("has items", CheckFailureAction.StopTest, "items"),
                new JsonCheck("json $.count", CheckFailureAction.Continue, JsonPathQuery.Parse("$.count"), null),
            ],
            [new JsonExtractor("count", CheckFailureAction.StopUser, JsonPathQuery.Parse("$.count"))]);
        var sink = new CheckSink();
        var scope = new VariableScope();
        var outcomes = new List<CheckOutcome>();

        var action = rules.Apply(Responses.Json("{\"count\":3}") with { }, scope, sink, "items", startUs: 1234, outcomes);

        Assert.Equal(CheckFailureAction.StopTest, action);
        Assert.Equal(["status 200 True", "has items False", "json $.count True", "extract count True"], sink.Checks.Select(c => $"{c.Check} {c.Passed}"));
        Assert.All(sink.Checks, c => Assert.Equal(("items", 1234L), (c.Tag, c.StartUs)));
        Assert.Equal("the body does not contain 'items'", outcomes[1].Message);
        Assert.Equal("3", scope.Values["count"]);
        Assert.True(rules.NeedsResponse);
    }

    [Fact]
    public void Apply_AllPass_Continue_AndStatusAloneNeedsNoCapture()
    {
        var rules = new ResponseRules([new StatusCheck("status 2xx", CheckFailureAction.StopTest, [(200, 299)], "2xx")], []);

        var action = rules.Apply(Responses.Uncaptured(204), new VariableScope(), new CheckSink(), "t", 0);

        Assert.Equal(CheckFailureAction.Continue, action);
        Assert.False(rules.NeedsResponse);
        Assert.True(ResponseRules.None.IsEmpty);
    }
}
