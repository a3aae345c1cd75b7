namespace Barrage.Plans;

public class PlanLoaderTests
{
    private const string FullPlan = """
        name: shop
        target: http://127.0.0.1:8080/base
        load:
          model: closed
          users: 10
          duration: 1m30s
          iterations: 100
          ramp_up: 2s
          graceful_stop: 500ms
        scenario:
          init:
            - post: /login
              body: "user=alice"
              headers: { Content-Type: application/x-www-form-urlencoded }
          main:
            - get: /
              tag: home
              headers:
                Accept: text/plain
                X-Trace: 1
            - request: { method: propfind, url: "http://127.0.0.1:8080/dav?x=1", body: x, headers: { Depth: "1" }, tag: dav }
            - put: /echo
              body: hello
            - patch: /p
            - delete: /d
            - head: /h
            - options: /o
          end:
            - post: /logout
        """;

    [Fact]
    public void Parse_EveryField_IsRead()
    {
        var plan = PlanLoader.Parse(FullPlan, "plans/full.yaml");

        Assert.Equal("shop", plan.Name);
        Assert.Equal(new Uri("http://127.0.0.1:8080/base"), plan.Target.Url);
        Assert.False(plan.Target.IsBuiltin);
        Assert.Null(plan.SourcePath);
        Assert.Equal(new LoadSpec
        {
            Model = LoadModel.Closed,
            Users = 10,
            Duration = TimeSpan.FromSeconds(90),
            Iterations = 100,
            RampUp = TimeSpan.FromSeconds(2),
            GracefulStop = TimeSpan.FromMilliseconds(500),
        }, plan.Load);

        var login = Assert.IsType<RequestActivity>(Assert.Single(plan.Scenario.Init));
        Assert.Equal(("POST", "/login", "user=alice"), (login.Method, login.Url, login.Body));
        Assert.Equal([new("Content-Type", "application/x-www-form-urlencoded")], login.Headers);
        Assert.Equal(new SourcePosition("plans/full.yaml", 12, 7), login.Position);

        var main = plan.Scenario.Main.Cast<RequestActivity>().ToList();
        Assert.Equal(
            ["GET /", "PROPFIND http://127.0.0.1:8080/dav?x=1", "PUT /echo", "PATCH /p", "DELETE /d", "HEAD /h", "OPTIONS /o"],
            main.Select(r => $"{r.Method} {r.Url}"));
        Assert.Equal("home", main[0].Tag);
        Assert.Equal([new("Accept", "text/plain"), new("X-Trace", "1")], main[0].Headers);
        Assert.Null(main[0].Body);
        Assert.Equal(new SourcePosition("plans/full.yaml", 16, 7), main[0].Position);
        Assert.Equal(("dav", "x"), (main[1].Tag, main[1].Body));
        Assert.Equal([new("Depth", "1")], main[1].Headers);
        Assert.Equal(new SourcePosition("plans/full.yaml", 21, 7), main[1].Position);
        Assert.Equal("hello", main[2].Body);
        Assert.Equal("PUT /echo", main[2].EffectiveTag);

        var logout = Assert.IsType<RequestActivity>(Assert.Single(plan.Scenario.End));
        Assert.Equal("POST /logout", logout.EffectiveTag);
    }

    [Fact]
    public void Parse_OnlyRequiredFields_UsesDefaults()
    {
        var plan = PlanLoader.Parse("""
            target: builtin
            load: { iterations: 3 }
            scenario:
              main:
                - get: /
            """, "some/dir/quickstart.yaml");

        Assert.Equal("quickstart", plan.Name);
        Assert.Same(TargetSpec.Builtin, plan.Target);
        Assert.Equal(new LoadSpec { Iterations = 3 }, plan.Load);
        Assert.Equal(LoadModel.Closed, plan.Load.Model);
        Assert.Equal(1, plan.Load.Users);
        Assert.Null(plan.Load.Duration);
        Assert.Equal(TimeSpan.Zero, plan.Load.RampUp);
        Assert.Equal(TimeSpan.FromSeconds(5), plan.Load.GracefulStop);
        Assert.Empty(plan.Scenario.Init);
        Assert.Empty(plan.Scenario.End);
        var get = Assert.IsType<RequestActivity>(Assert.Single(plan.Scenario.Main));
        Assert.Equal(("GET", "/", null, null), (get.Method, get.Url, get.Tag, get.Body));
        Assert.Empty(get.Headers);
    }

    [Theory]
    [InlineData("get", "GET")]
    [InlineData("post", "POST")]
    [InlineData("put", "PUT")]
    [InlineData("patch", "PATCH")]
    [InlineData("delete", "DELETE")]
    [InlineData("head", "HEAD")]
    [InlineData("options", "OPTIONS")]
    public void Parse_Shorthand_GivesMethodAndUrl(string key, string method)
    {
        var plan = PlanLoader.Parse($"""
            target: builtin
            load: {"{"} duration: 1s {"}"}
            scenario:
              main:
                - {key}: https://example.test/a?b=c
            """, "p.yaml");

        var request = Assert.IsType<RequestActivity>(Assert.Single(plan.Scenario.Main));
        Assert.Equal((method, "https://example.test/a?b=c"), (request.Method, request.Url));
    }

    [Fact]
    public void Parse_LongForm_InBlockStyle()
    {
        var plan = PlanLoader.Parse("""
            target: https://example.test
            load:
              duration: 10
            scenario:
              main:
                - request:
                    method: PUT
                    url: /echo
                    body: |
                      line one
                      line two
                    headers:
                      Content-Type: text/plain
                    tag: echo
            """, "p.yaml");

        var request = Assert.IsType<RequestActivity>(Assert.Single(plan.Scenario.Main));
        Assert.Equal(("PUT", "/echo", "line one\nline two\n", "echo"), (request.Method, request.Url, request.Body, request.Tag));
        Assert.Equal([new("Content-Type", "text/plain")], request.Headers);
        Assert.Equal(TimeSpan.FromSeconds(10), plan.Load.Duration);
        Assert.Null(plan.Load.Iterations);
    }

    [Fact]
    public void Parse_AnchorsAndAliases_AreResolved()
    {
        var plan = PlanLoader.Parse("""
            target: builtin
            load: { iterations: 1 }
            scenario:
              init:
                - get: /a
                  headers: &common { Accept: application/json }
              main:
                - get: /b
                  headers: *common
            """, "p.yaml");

        var b = Assert.IsType<RequestActivity>(Assert.Single(plan.Scenario.Main));
        Assert.Equal([new("Accept", "application/json")], b.Headers);
    }

    [Fact]
    public void Parse_NullInitAndEnd_AreEmpty()
    {
        var plan = PlanLoader.Parse("""
            target: builtin
            load: { iterations: 1 }
            scenario:
              init:
              main: [ { get: / } ]
              end: ~
            """, "p.yaml");

        Assert.Empty(plan.Scenario.Init);
        Assert.Empty(plan.Scenario.End);
    }

    [Fact]
    public void Parse_QuotedNumbers_AreRead()
    {
        var plan = PlanLoader.Parse("""
            target: builtin
            load: { users: "4", iterations: '7', duration: "0.5s" }
            scenario: { main: [ { get: / } ] }
            """, "p.yaml");

        Assert.Equal((4, 7L, TimeSpan.FromMilliseconds(500)), (plan.Load.Users, plan.Load.Iterations!.Value, plan.Load.Duration!.Value));
    }

    [Fact]
    public void LoadFile_ReadsTheFile_AndRecordsItsFullPath()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("smoke.yml", FullPlan.Replace("name: shop\n", "", StringComparison.Ordinal));

        var plan = PlanLoader.LoadFile(path);

        Assert.Equal("smoke", plan.Name);
        Assert.Equal(Path.GetFullPath(path), plan.SourcePath);
        Assert.Equal(7, plan.Scenario.Main.Count);
        Assert.Equal(path, plan.Scenario.Main[0].Position.File);
    }

    [Fact]
    public void LoadFile_ErrorsCarryThePathAsGiven()
    {
        using var dir = new TempDirectory();
        dir.Write("bad.yaml", "target: builtin\nload: { users: 0, iterations: 1 }\nscenario: { main: [ { get: / } ] }\n");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(dir.Path, "bad.yaml"));

        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(relative));

        Assert.Equal($"{relative}:2:16: load.users: must be at least 1, got 0", e.Message);
    }

    [Fact]
    public void LoadFile_Missing_SaysFileNotFound()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "nope.yaml");

        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(path));

        var error = Assert.Single(e.Errors);
        Assert.Equal($"file not found: {path}", error.Message);
        Assert.False(error.Position.IsKnown);
        Assert.Equal($"file not found: {path}", e.Message);
    }

    [Fact]
    public void LoadFile_MissingFolder_SaysFileNotFound()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "no-such-dir", "plan.yaml");

        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(path));

        Assert.Equal($"file not found: {path}", e.Message);
    }

    [Fact]
    public void LoadFile_Directory_CannotBeRead()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(dir.Path));

        Assert.StartsWith($"cannot read {dir.Path}: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p.yaml", "p")]
    [InlineData("dir/my plan.v2.yaml", "my plan.v2")]
    [InlineData("", "plan")]
    [InlineData(".yaml", "plan")]
    public void Parse_NoName_DefaultsToTheFileName(string fileName, string expected)
    {
        var plan = PlanLoader.Parse("target: builtin\nload: { iterations: 1 }\nscenario: { main: [ { get: / } ] }\n", fileName);

        Assert.Equal(expected, plan.Name);
    }
}
