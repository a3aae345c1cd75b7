namespace Barrage.Plans;

/// <summary>Mistakes in scenarios: all at once, each at its line and column, with a suggestion where one helps.</summary>
public class ScenarioErrorTests
{
    private static void AssertErrors(string yaml, params string[] expected)
    {
        var e = Assert.Throws<PlanException>(() => PlanLoader.Parse(yaml, "p.yaml"));
        Assert.Equal(expected, e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public void UnknownVariablesAndFunctions_PointInsideTheText() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        variables: { user: alice }
        scenario:
          main:
            - get: /items/${usr}?n=${random_int(1,9)}
              headers: { X-Id: "${uuid()} ${nope()}" }
            - post: /x
              json: { a: [ "${missing}" ] }
            - log: "${ user } ${unclosed"
        """,
        "p.yaml:6:19: scenario.main[0].get: unknown variable 'usr'; did you mean 'user'?",
        "p.yaml:7:35: scenario.main[0].headers.X-Id: unknown function 'nope'; expected one of: random_int, uuid, now, counter, env",
        "p.yaml:9:21: scenario.main[1].json.a[0]: unknown variable 'missing'; declare it under 'variables', set it with 'set', or extract it from a response",
        "p.yaml:10:23: scenario.main[2].log: a macro '${' is not closed with '}' (write $${ for the text itself)");

    [Fact]
    public void VariablesSetAnywhere_AreKnownEverywhere()
    {
        var plan = PlanLoader.Parse("""
            target: builtin
            load: { iterations: 1 }
            scenario:
              init:
                - get: /${later}/${user_id}/${iteration}
              main:
                - set: { later: "x" }
                - log: "$${literal}"
            """, "p.yaml");
        Assert.Equal(2, plan.Scenario.Main.Count);
    }

    [Fact]
    public void Conditions_AreParsedWithPositions() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        variables: { n: "0" }
        scenario:
          main:
            - if: "n == 1 and cuont > 2"
              then: [ { get: / } ]
            - loop: 3
              while: "n <"
              do: [ { get: / } ]
            - repeat:
              do: [ { get: / } ]
        """,
        "p.yaml:6:23: scenario.main[0].if: unknown variable 'cuont'; declare it under 'variables', set it with 'set', or extract it from a response",
        "p.yaml:9:17: scenario.main[1].while: expected a variable, a number or a quoted text, got the end of the condition",
        "p.yaml:11:7: scenario.main[2]: 'repeat' needs a count (repeat: 3) or a 'while' condition beside it");

    [Fact]
    public void Calls_NeedDefinedSequences_ThatDoNotCallThemselves() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main:
            - call: logn
            - call: a
          sequences:
            login: [ { get: / } ]
            a: [ { call: b } ]
            b: [ { call: a } ]
        """,
        "p.yaml:5:7: call: unknown sequence 'logn'; did you mean 'login'?",
        "p.yaml:9:10: call: sequence 'a' ends up calling itself, which would never end",
        "p.yaml:10:10: call: sequence 'b' ends up calling itself, which would never end");

    [Fact]
    public void BadOptions_AreReportedTogether() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        auth: { ntlm: x }
        scenario:
          main:
            - think: 3s..1s
            - think: soon
            - parallel: []
              limt: 2
            - post: /x
              body: a
              json: { a: 1 }
              file: nowhere.bin
            - set: { user_id: "1", "9x": "2" }
            - get: /
              timeout: 0s
        """,
        "p.yaml:3:9: unknown field 'auth.ntlm'; expected one of: basic, digest, bearer",
        "p.yaml:6:14: scenario.main[0].think: the low end of '3s..1s' is above the high end",
        "p.yaml:7:14: scenario.main[1].think: expected a duration such as 30s, 5m, 1h30m or 1500ms, got 'soon' (a think time is 2s, a range 1s..3s, or { exponential: 2s } / { normal: { mean: 2s, stddev: 500ms } })",
        "p.yaml:8:17: scenario.main[2].parallel: needs at least one activity",
        "p.yaml:9:7: unknown field 'scenario.main[2].limt'; did you mean 'limit'?",
        "p.yaml:12:7: scenario.main[3]: a request has one body, found 'body' and 'json' and 'file'",
        "p.yaml:13:13: scenario.main[3].file: file not found: " + Path.GetFullPath("nowhere.bin"),
        "p.yaml:14:14: scenario.main[4].set: 'user_id' is built in and cannot be set",
        "p.yaml:14:28: scenario.main[4].set: '9x' is not a valid variable name (letters, digits and '_', not starting with a digit)",
        "p.yaml:16:16: scenario.main[5].timeout: must be longer than zero, got '0s'");
}
