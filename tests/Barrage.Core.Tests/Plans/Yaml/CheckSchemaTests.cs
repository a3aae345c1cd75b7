using Barrage.Scenarios;
using Barrage.Scenarios.Checks;

namespace Barrage.Plans.Yaml;

public class CheckSchemaTests
{
    internal static (T Result, List<string> Errors) Read<T>(string yaml, Func<YamlValue, NodeReader, T> read)
    {
        var reader = new NodeReader();
        var root = YamlTree.Parse(yaml, "p.yaml", reader.Errors);
        Assert.Empty(reader.Errors);
        var result = read(new YamlValue(((MappingNode)root!).Entries[0].Value, "check"), reader);
        return (result, reader.Errors.OrderBy(e => e.Position.Line).ThenBy(e => e.Position.Column).Select(e => e.ToString()).ToList());
    }

    private static IReadOnlyList<Check> Checks(string yaml)
    {
        var (checks, errors) = Read(yaml, CheckSchema.Read);
        Assert.Empty(errors);
        return checks;
    }

    private static List<string> Errors(string yaml)
    {
        var errors = Read(yaml, CheckSchema.Read).Errors;
        return errors;
    }

    [Fact]
    public void Read_AMappingOfKinds_DerivesNames()
    {
        var checks = Checks("""
            check:
              status: [200, 201, 3xx]
              body_contains: items
              body_regex: 'id=\d+'
              json: "$.items[0]"
              header: { name: X-Id, equals: "42" }
              max_time: 300ms
            """);

        Assert.Equal(
            ["status 200,201,3xx", "body_contains 'items'", "body_regex /id=\\d+/", "json $.items[0]", "header X-Id == 42", "max_time 300ms"],
            checks.Select(c => c.Name));
        Assert.All(checks, c => Assert.Equal(CheckFailureAction.Continue, c.OnFailure));
        var status = Assert.IsType<StatusCheck>(checks[0]);
        Assert.Equal([(200, 200), (201, 201), (300, 399)], status.Ranges);
    }

    [Fact]
    public void Read_AList_TakesNamesAndFailureActions()
    {
        var checks = Checks("""
            check:
              - status: 2xx
                name: page ok
                on_failure: abort_iteration
              - json: { path: "$.count", equals: 10 }
                on_failure: stop_test
              - header: Location
            """);

        Assert.Equal(["page ok", "json $.count == 10", "header Location"], checks.Select(c => c.Name));
        Assert.Equal([CheckFailureAction.AbortIteration, CheckFailureAction.StopTest, CheckFailureAction.Continue], checks.Select(c => c.OnFailure));
        Assert.True(checks[1].Evaluate(Barrage.Core.Tests.Scenarios.Responses.Json("{\"count\":10.0}")).Passed);
    }

    [Fact]
    public void Read_ReportsEveryMistake_WithPositionsAndSuggestions()
    {
        var errors = Errors("""
            check:
              - status: 99
                bodycontains: x
              - body_regex: "a(b"
                json: "$.items[0"
              - header: { name: "X Id", equals: a, regex: b }
                max_time: soon
                on_failure: stop_tst
              - status: 200
                json: $.a
                name: two
              - name: nothing
            """);

        Assert.Equal(
            [
                "p.yaml:2:13: check[0].status: expected a status code from 100 to 599 or a class such as 2xx, got '99'",
                "p.yaml:3:5: unknown field 'check[0].bodycontains'; did you mean 'body_contains'?",
                "p.yaml:4:17: check[1].body_regex: not a valid regex: Invalid pattern 'a(b' at offset 3. Not enough )'s.",
                "p.yaml:5:11: check[1].json: not a valid JSONPath: Path ended with open indexer.",
                "p.yaml:6:21: check[2].header.name: 'X Id' is not a valid header name",
                "p.yaml:6:47: check[2].header: use 'equals' or 'regex', not both",
                "p.yaml:7:15: check[2].max_time: " + MaxTimeError(),
                "p.yaml:8:17: check[2].on_failure: unknown value 'stop_tst'; did you mean 'stop_test'?",
                "p.yaml:11:11: check[3].name: a name is for one check, but this mapping holds 2; write them as a list with a name each",
                "p.yaml:12:5: check[4]: a check needs one of: status, body_contains, body_regex, json, header, max_time",
            ],
            errors);
    }

    [Fact]
    public void Read_NotAMapping_SaysWhatIsExpected()
    {
        Assert.Equal(["p.yaml:1:8: check: expected a mapping of checks such as { status: 200 }, or a list of them, got '200'"], Errors("check: 200"));
        Assert.Empty(Checks("check:"));
    }

    private static string MaxTimeError()
    {
        Assert.False(Durations.TryParse("soon", out _, out var error));
        return error;
    }
}
