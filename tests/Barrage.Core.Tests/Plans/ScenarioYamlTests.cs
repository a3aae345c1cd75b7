using System.Text.Json.Nodes;

namespace Barrage.Plans;

/// <summary>Every activity kind and request option read from YAML into the model.</summary>
public class ScenarioYamlTests
{
    private static Plan Parse(string scenario, string top = "") => PlanLoader.Parse($"""
        target: builtin
        load: {"{"} iterations: 1 {"}"}
        {top}
        scenario:
        {scenario}
        """, "p.yaml");

    [Fact]
    public void EveryActivityKind_IsRead()
    {
        var plan = Parse("""
              main:
                - think: 2s
                - think: 1s..3s
                - think: { exponential: 500ms }
                - think: { normal: { mean: 2s, stddev: 100ms } }
                - parallel:
                    - get: /a
                    - get: /b
                  limit: 1
                - repeat: 3
                  do: [ { get: /r } ]
                - loop:
                  while: "n < 3"
                  do: [ { set: { n: "1" } } ]
                - if: "n == 1"
                  then: [ { log: "one ${n}" } ]
                  else: [ { get: /no } ]
                - group: checkout
                  do: [ { post: /cart } ]
                - call: login
                  times: 2
              sequences:
                login:
                  - post: /login
            """);
        var main = plan.Scenario.Main;
        Assert.Equal(ThinkTime.Fixed(TimeSpan.FromSeconds(2)), ((ThinkActivity)main[0]).Time);
        Assert.Equal(ThinkTime.Between(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)), ((ThinkActivity)main[1]).Time);
        Assert.Equal(ThinkTime.Exponential(TimeSpan.FromMilliseconds(500)), ((ThinkActivity)main[2]).Time);
        Assert.Equal(ThinkTime.Normal(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100)), ((ThinkActivity)main[3]).Time);
        var parallel = (ParallelActivity)main[4];
        Assert.Equal(2, parallel.Steps.Count);
        Assert.Equal(1, parallel.Limit);
        var repeat = (LoopActivity)main[5];
        Assert.Equal(3, repeat.Count);
        Assert.Null(repeat.While);
        var loop = (LoopActivity)main[6];
        Assert.Null(loop.Count);
        Assert.Equal("n < 3", loop.While);
        var branch = (IfActivity)main[7];
        Assert.Equal("n == 1", branch.Condition);
        Assert.IsType<LogActivity>(Assert.Single(branch.Then));
        Assert.IsType<RequestActivity>(Assert.Single(branch.Else));
        var group = (GroupActivity)main[8];
        Assert.Equal("checkout", group.Name);
        Assert.Equal(new CallActivity("login", 2) { Position = main[9].Position }, main[9]);
        Assert.Equal("POST", ((RequestActivity)Assert.Single(plan.Scenario.Sequences["login"])).Method);
        Assert.Equal(new SourcePosition("p.yaml", 6, 7), main[0].Position);
    }

    [Fact]
    public void RequestOptions_AreRead()
    {
        var plan = Parse("""
              main:
                - post: /items/${id}
                  query: { q: "a b", page: "${iteration}" }
                  json: { name: "${user}", count: 3, ok: true, tags: [ x, 1.5 ], none: ~ }
                  timeout: 2s
                  auth: { bearer: "${token}" }
                - request: { method: PROPFIND, url: /dav, form: { a: "1" } }
            """, """
            variables: { id: "7", user: alice, token: t }
            headers: { X-Run: "${user_id}" }
            auth: { basic: { user: u, password: p } }
            base_url: /api
            """);
        var post = (RequestActivity)plan.Scenario.Main[0];
        Assert.Equal("/items/${id}", post.Url);
        Assert.Equal([new("q", "a b"), new("page", "${iteration}")], post.Query);
        Assert.Equal("""{"name":"${user}","count":3,"ok":true,"tags":["x",1.5],"none":null}""", post.Json!.ToJsonString());
        Assert.Equal(TimeSpan.FromSeconds(2), post.Timeout);
        Assert.Equal(AuthSpec.Bearer("${token}"), post.Auth);
        Assert.Equal("POST /items/${id}", post.EffectiveTag);
        var propfind = (RequestActivity)plan.Scenario.Main[1];
        Assert.Equal("PROPFIND", propfind.Method);
        Assert.Equal([new("a", "1")], propfind.Form!);
        Assert.Equal(3, plan.Scenario.Variables.Count);
        Assert.Equal([new("X-Run", "${user_id}")], plan.Scenario.Headers);
        Assert.Equal(AuthSpec.Basic("u", "p"), plan.Scenario.Auth);
        Assert.Equal("/api", plan.Scenario.BaseUrl);
    }

    [Fact]
    public void FileAndMultipart_AreResolvedAgainstThePlansFolder()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "data.bin"), "xyz");
        var planPath = Path.Combine(dir.Path, "p.yaml");
        File.WriteAllText(planPath, """
            target: builtin
            load: { iterations: 1 }
            scenario:
              main:
                - put: /upload
                  file: data.bin
                - post: /form
                  multipart:
                    - { name: title, value: "hello" }
                    - { name: doc, file: data.bin, content_type: text/plain }
            """);
        var plan = PlanLoader.LoadFile(planPath);
        Assert.Equal(Path.Combine(dir.Path, "data.bin"), ((RequestActivity)plan.Scenario.Main[0]).File);
        var parts = ((RequestActivity)plan.Scenario.Main[1]).Multipart!;
        Assert.Equal(new MultipartPart("title", "hello"), parts[0]);
        Assert.Equal(new MultipartPart("doc", null, Path.Combine(dir.Path, "data.bin"), "text/plain"), parts[1]);
    }

    [Fact]
    public void Json_KeepsQuotedNumbersAsText() =>
        Assert.Equal("""{"a":"1","b":1}""", ((RequestActivity)Parse("""
              main:
                - post: /x
                  json: { a: "1", b: 1 }
            """).Scenario.Main[0]).Json!.ToJsonString());

    [Theory]
    [InlineData("quickstart.yaml")]
    [InlineData("scenario.yaml")]
    [InlineData("websocket.yaml")]
    public void Examples_AreValidPlans(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(dir, "examples")))
            dir = Path.GetDirectoryName(dir)!;
        var plan = PlanLoader.LoadFile(Path.Combine(dir, "examples", name));
        Assert.NotEmpty(plan.Scenario.Main);
    }
}
