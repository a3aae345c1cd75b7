namespace Barrage.Plans;

/// <summary>Every class of mistake, with the exact position and message a user sees.</summary>
public class PlanLoaderErrorTests
{
    private static void AssertErrors(string yaml, params string[] expected)
    {
        var e = Assert.Throws<PlanException>(() => PlanLoader.Parse(yaml, "p.yaml"));
        Assert.Equal(expected, e.Errors.Select(x => x.ToString()));
        Assert.Equal(string.Join(Environment.NewLine, expected), e.Message);
    }

    [Fact]
    public void YamlSyntaxError_IsOneErrorAtItsPosition() => AssertErrors(
        "target: builtin\nload: { users: 'ten }\n",
        "p.yaml:2:16: invalid YAML: While scanning a quoted scalar, found unexpected end of stream.");

    [Fact]
    public void YamlTabIndentation_IsReported() => AssertErrors(
        "load:\n\tusers: 1\n",
        "p.yaml:1:1: invalid YAML: While scanning a mapping, found invalid tab as indentation.");

    [Fact]
    public void YamlParserFailure_IsAnErrorToo() => AssertErrors(
        "target: builtin\nend: [ { h\nead: / } ]\n",
        "p.yaml:2:6: invalid YAML: the text cannot be read as YAML from here on; check the indentation and the brackets");

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("~\n")]
    public void EmptyPlan_IsReported(string yaml) => AssertErrors(
        yaml,
        "p.yaml:1:1: the plan is empty; expected a mapping with 'target', 'load' and 'scenario'");

    [Fact]
    public void TopLevelList_IsReported() => AssertErrors(
        "- get: /\n- get: /a\n",
        "p.yaml:1:1: expected a mapping with 'target', 'load' and 'scenario' at the top of the plan, got a list");

    [Fact]
    public void TopLevelScalar_IsReported() => AssertErrors(
        "\n  just words\n",
        "p.yaml:2:3: expected a mapping with 'target', 'load' and 'scenario' at the top of the plan, got 'just words'");

    [Fact]
    public void SecondDocument_IsReported() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario: { main: [ { get: / } ] }
        ---
        target: builtin
        """,
        "p.yaml:4:1: a plan file holds one YAML document; found a second one here");

    [Fact]
    public void UnknownAlias_IsReported() => AssertErrors("""
        target: *where
        """,
        "p.yaml:1:9: invalid YAML: unknown alias '*where'");

    [Fact]
    public void MissingRequiredFields_PointAtTheParentMapping() => AssertErrors("""
        # a comment first
        name: x
        scenario:
          init: []
        """,
        "p.yaml:2:1: missing required field 'target'",
        "p.yaml:2:1: missing required field 'load'",
        "p.yaml:4:3: missing required field 'scenario.main'");

    [Fact]
    public void UnknownField_SuggestsTheClosest() => AssertErrors("""
        target: builtin
        load:
          users: 2
          duraton: 10s
        scenaro:
          main: [ { get: / } ]
        """,
        "p.yaml:1:1: missing required field 'scenario' (or 'ammo', a Phantom ammo file whose requests make up main)",
        "p.yaml:3:3: load: needs 'duration', 'iterations' or 'shared_iterations'",
        "p.yaml:4:3: unknown field 'load.duraton'; did you mean 'duration'?",
        "p.yaml:5:1: unknown field 'scenaro'; did you mean 'scenario'?");

    [Fact]
    public void UnknownField_FarFromAny_ListsTheValidOnes() => AssertErrors("""
        target: builtin
        load: { iterations: 1, velocity: 3 }
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:2:24: unknown field 'load.velocity'; expected one of: model, users, duration, iterations, shared_iterations, ramp_up, graceful_stop, schedule, arrivals, seed, max_in_flight, late_after, resolution, cycle_duration, hits");

    [Fact]
    public void UnknownOutput_ListsTheKnownOnesOnce_OrSuggestsTheCloseOne() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario: { main: [ { get: / } ] }
        outputs: [pdf, phot]
        """,
        "p.yaml:4:11: outputs[0]: unknown output 'pdf'; expected one of: phout, jsonl",
        "p.yaml:4:16: outputs[1]: unknown output 'phot'; did you mean 'phout'?");

    [Fact]
    public void UnknownField_CaseSlip_IsSuggested() => AssertErrors("""
        target: builtin
        Load: { iterations: 1 }
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:1:1: missing required field 'load'",
        "p.yaml:2:1: unknown field 'Load'; did you mean 'load'?");

    [Fact]
    public void DuplicateKeys_AreReportedAtTheSecond() => AssertErrors("""
        target: builtin
        load:
          users: 1
          iterations: 1
          users: 2
        scenario: { main: [ { get: / } ] }
        target: http://127.0.0.1
        """,
        "p.yaml:5:3: duplicate field 'load.users' (first at line 3, column 3)",
        "p.yaml:7:1: duplicate field 'target' (first at line 1, column 1)");

    [Fact]
    public void DuplicateHeaders_AreReported() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main:
            - get: /
              headers:
                Accept: a
                Accept: b
        """,
        "p.yaml:8:9: duplicate field 'scenario.main[0].headers.Accept' (first at line 7, column 9)");

    [Fact]
    public void NonScalarKey_IsReported() => AssertErrors("""
        target: builtin
        load: { iterations: 1, [users]: 2 }
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:2:24: load: expected a field name, got a list");

    [Fact]
    public void WrongTypes_SayWhatWasExpected() => AssertErrors("""
        name: [a, b]
        target: { url: x }
        load:
          users: ten
          iterations: 1.5
          duration: [10s]
        scenario:
          main: /just-a-path
        """,
        "p.yaml:1:7: name: expected text, got a list",
        "p.yaml:2:9: target: expected text, got a mapping",
        "p.yaml:4:10: load.users: expected a whole number, got 'ten'",
        "p.yaml:5:15: load.iterations: expected a whole number, got '1.5'",
        "p.yaml:6:13: load.duration: expected a duration such as 30s, 5m, 1h30m or 1500ms, got a list",
        "p.yaml:8:9: scenario.main: expected a list, got '/just-a-path'");

    [Fact]
    public void SectionsThatAreNotMappings_AreReported() => AssertErrors("""
        target: builtin
        load: 10
        scenario:
        """,
        "p.yaml:2:7: load: expected a mapping, got '10'",
        "p.yaml:3:10: scenario: expected a mapping, got nothing");

    [Fact]
    public void NumbersOutOfRange_AreReported() => AssertErrors("""
        target: builtin
        load:
          users: 0
          iterations: -3
        scenario: { main: [ { get: / } ] }
        ---
        """,
        "p.yaml:3:10: load.users: must be at least 1, got 0",
        "p.yaml:4:15: load.iterations: must be at least 1, got -3",
        "p.yaml:6:1: a plan file holds one YAML document; found a second one here");

    [Fact]
    public void NumbersTooLarge_AreReported() => AssertErrors("""
        target: builtin
        load:
          users: 3000000000
          iterations: 99999999999999999999
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:3:10: load.users: must be at most 2147483647, got 3000000000",
        "p.yaml:4:15: load.iterations: must be at most 9223372036854775807, got '99999999999999999999'");

    [Fact]
    public void BadDurations_AreReported() => AssertErrors("""
        target: builtin
        load:
          duration: -5s
          ramp_up: 10x
          graceful_stop: soon
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:3:13: load.duration: a duration cannot be negative, got '-5s'",
        "p.yaml:4:12: load.ramp_up: unknown unit 'x' in duration '10x'; use h, m, s or ms",
        "p.yaml:5:18: load.graceful_stop: expected a duration such as 30s, 5m, 1h30m or 1500ms, got 'soon'");

    [Fact]
    public void ZeroDuration_IsRefused_ButZeroRampUpIsNot() => AssertErrors("""
        target: builtin
        load: { duration: 0s, ramp_up: 0, graceful_stop: 0 }
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:2:19: load.duration: must be longer than zero, got '0s'");

    [Fact]
    public void RampUpNotShorterThanDuration_IsReportedAtRampUp() => AssertErrors("""
        target: builtin
        load:
          duration: 10s
          ramp_up: 1m
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:4:12: load.ramp_up: must be shorter than load.duration (10s), got 1m");

    [Fact]
    public void NeitherDurationNorIterations_IsReportedAtLoad() => AssertErrors("""
        target: builtin
        load:
          users: 5
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:3:3: load: needs 'duration', 'iterations' or 'shared_iterations'");

    [Fact]
    public void OpenModel_NeedsASchedule() => AssertErrors("""
        target: builtin
        load: { model: open, duration: 1s }
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:2:7: load: the open model needs 'load.schedule', such as 'schedule: const(100, 30s)'");

    [Fact]
    public void UnknownModel_SuggestsTheClosest() => AssertErrors("""
        target: builtin
        load: { model: closd, duration: 1s }
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:2:16: load.model: unknown value 'closd'; did you mean 'closed'?");

    [Theory]
    [InlineData("ftp://127.0.0.1/", "p.yaml:1:9: target: expected 'builtin' or an absolute http:// or https:// URL, got 'ftp://127.0.0.1/'")]
    [InlineData("127.0.0.1:8080", "p.yaml:1:9: target: expected 'builtin' or an absolute http:// or https:// URL, got '127.0.0.1:8080'")]
    [InlineData("/api", "p.yaml:1:9: target: expected 'builtin' or an absolute http:// or https:// URL, got '/api'")]
    [InlineData("http://", "p.yaml:1:9: target: expected 'builtin' or an absolute http:// or https:// URL, got 'http://'")]
    [InlineData("bultin", "p.yaml:1:9: target: expected 'builtin' or an absolute http:// or https:// URL, got 'bultin'; did you mean 'builtin'?")]
    [InlineData("http://127.0.0.1/?q=1", "p.yaml:1:9: target: the target is a base URL and cannot have a query or a fragment, got 'http://127.0.0.1/?q=1'")]
    public void BadTarget_IsReported(string target, string expected) => AssertErrors(
        $"target: {target}\nload: {{ iterations: 1 }}\nscenario: {{ main: [ {{ get: / }} ] }}\n",
        expected);

    [Fact]
    public void BadRequestUrls_AreReported() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main:
            - get: api/items
            - post: ftp://127.0.0.1/x
            - get: "/a b"
            - get:
        """,
        "p.yaml:5:12: scenario.main[0].get: expected a path starting with '/' or an absolute http:// or https:// URL, got 'api/items'",
        "p.yaml:6:13: scenario.main[1].post: expected a path starting with '/' or an absolute http:// or https:// URL, got 'ftp://127.0.0.1/x'",
        "p.yaml:7:12: scenario.main[2].get: a URL cannot contain spaces or control characters (write %20 for a space), got '/a b'",
        "p.yaml:8:11: scenario.main[3].get: expected text, got nothing");

    [Fact]
    public void EmptyMain_IsReported() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main: []
        """,
        "p.yaml:4:9: scenario.main: needs at least one activity, such as '- get: /'");

    [Fact]
    public void NullMain_IsReported() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main:
          end: []
        """,
        "p.yaml:4:8: scenario.main: needs at least one activity, such as '- get: /'");

    [Fact]
    public void ActivityWithTwoMethods_IsReportedAtTheSecond() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main:
            - get: /
              tag: t
              post: /x
        """,
        "p.yaml:7:7: scenario.main[0]: an activity has exactly one kind, found 'get' and 'post'; write them as separate steps");

    [Fact]
    public void UnknownActivity_SuggestsTheClosest() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          init:
            - gte: /
              tag: t
          main:
            - tag: x
              cal: /
          end:
            - tag: only
        """,
        "p.yaml:5:7: scenario.init[0]: unknown activity 'gte'; did you mean 'get'?",
        "p.yaml:9:7: scenario.main[0]: unknown activity 'cal'; did you mean 'call'?",
        "p.yaml:11:7: scenario.end[0]: missing the kind of activity; expected one of: get, post, put, patch, delete, head, options, request, think, parallel, loop, repeat, if, group, call, set, log, ws_connect, ws_send, ws_receive, ws_close");

    [Fact]
    public void ActivityThatIsNotAMapping_IsReported() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main:
            - get /
            - [get, /]
        """,
        "p.yaml:5:7: scenario.main[0]: expected an activity such as 'get: /', got 'get /'",
        "p.yaml:6:7: scenario.main[1]: expected an activity such as 'get: /', got a list");

    [Fact]
    public void RequestOptions_AreChecked() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main:
            - get: /
              tag: "a\tb"
              headers:
                Bad Name: x
                X-Injected: "a\r\nEvil: 1"
                X-Null: null
              body: { a: 1 }
              taq: x
        """,
        "p.yaml:6:12: scenario.main[0].tag: a tag cannot contain tabs, line breaks or control characters",
        "p.yaml:8:9: scenario.main[0].headers: 'Bad Name' is not a valid header name",
        "p.yaml:9:21: scenario.main[0].headers.X-Injected: a header value cannot contain line breaks or control characters",
        "p.yaml:10:17: scenario.main[0].headers.X-Null: expected text, got nothing (write \"null\" in quotes for the text)",
        "p.yaml:11:13: scenario.main[0].body: expected text, got a mapping",
        "p.yaml:12:7: unknown field 'scenario.main[0].taq'; did you mean 'tag'?");

    [Fact]
    public void LongForm_IsChecked() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main:
            - request: { method: "GE T", url: /, bodyy: x }
            - request: { method: GET }
            - request: /x
            - request: { method: GET, url: / }
              tag: outside
        """,
        "p.yaml:5:26: scenario.main[0].request.method: expected an HTTP method such as GET or POST, got 'GE T'",
        "p.yaml:5:42: unknown field 'scenario.main[0].request.bodyy'; did you mean 'body'?",
        "p.yaml:6:16: missing required field 'scenario.main[1].request.url'",
        "p.yaml:7:16: scenario.main[2].request: expected a mapping, got '/x'",
        "p.yaml:9:7: unknown field 'scenario.main[3].tag'; expected one of: request");

    [Fact]
    public void BadName_IsReported() => AssertErrors("""
        name: "../etc"
        target: builtin
        load: { iterations: 1 }
        scenario: { main: [ { get: / } ] }
        """,
        "p.yaml:1:7: name: a name cannot contain '/', '\\' or control characters, got '../etc'");

    [Fact]
    public void ManyMistakes_AreAllReported_InFileOrder() => AssertErrors("""
        name: demo
        target: htp://127.0.0.1
        load:
          users: -1
          duration: 10q
          iteratons: 5
        scenario:
          main:
            - get: /
              post: /
            - gett: /
            - put: nope
              tag: ""
        extra: 1
        """,
        "p.yaml:2:9: target: expected 'builtin' or an absolute http:// or https:// URL, got 'htp://127.0.0.1'",
        "p.yaml:4:10: load.users: must be at least 1, got -1",
        "p.yaml:5:13: load.duration: unknown unit 'q' in duration '10q'; use h, m, s or ms",
        "p.yaml:6:3: unknown field 'load.iteratons'; did you mean 'iterations'?",
        "p.yaml:10:7: scenario.main[0]: an activity has exactly one kind, found 'get' and 'post'; write them as separate steps",
        "p.yaml:11:7: scenario.main[1]: unknown activity 'gett'; did you mean 'get'?",
        "p.yaml:12:12: scenario.main[2].put: expected a path starting with '/' or an absolute http:// or https:// URL, got 'nope'",
        "p.yaml:13:12: scenario.main[2].tag: a tag cannot be empty",
        "p.yaml:14:1: unknown field 'extra'; expected one of: name, target, load, scenario, variables, headers, auth, cookies, base_url, ammo, http, tls, outputs, thresholds, autostop, data, plugins, on_agent_loss");

    [Fact]
    public void DeepNesting_IsAnError_NotACrash()
    {
        var yaml = "target: " + new string('[', 100_000);

        var e = Assert.Throws<PlanException>(() => PlanLoader.Parse(yaml, "p.yaml"));

        Assert.Equal("p.yaml:1:73: invalid YAML: the plan is nested more than 64 levels deep", Assert.Single(e.Errors).ToString());
    }
}
