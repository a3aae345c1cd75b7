using Barrage.Engine;
using Barrage.Plans;
using Barrage.Scenarios;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary>Scenarios written in C#: a load test is a test.</summary>
public sealed class ScenarioBuilderTests : TargetTest
{
    [Fact]
    public async Task ScenarioBuiltInCode_RunsLikeYaml()
    {
        var scenario = Scenario.Create("shop")
            .Variable("item", "${random_int(1,1)}")
            .Header("X-Client", "barrage-tests")
            .Init(i => i.Post("/echo", r => r with { Json = System.Text.Json.Nodes.JsonNode.Parse("""{"user":"${user_id}"}"""), Tag = "login" }))
            .Main(m => m
                .Get("/bytes/${item}", r => r with { Tag = "item" })
                .Parallel(p => p.Get("/delay/50").Get("/delay/50"))
                .Group("pay", g => g.Post("/echo", r => r with { Body = "paid ${iteration}" }).Think(ThinkTime.Fixed(TimeSpan.FromMilliseconds(5))))
                .If("iteration == 1", t => t.Call("extra", times: 2)))
            .Sequence("extra", s => s.Get("/bytes/2"))
            .End(e => e.Get("/bytes/3"))
            .Build();

        var result = await BarrageRunner.RunAsync(scenario, Server.BaseAddress, new LoadSpec { Users = 2, Iterations = 2 });

        Assert.Equal(StopReason.Completed, result.Outcome.Reason);
        Assert.Equal(2, result.ByTag["login"].Requests);
        Assert.Equal(4, result.ByTag["item"].Requests);
        Assert.Equal(4, result.ByTag["pay"].Requests);
        Assert.Equal(4, Server.Stats.ByPath["/bytes/1"]);
        Assert.Equal(8, Server.Stats.ByPath["/delay/50"]);
        Assert.Equal(4, Server.Stats.ByPath["/bytes/2"]);
        Assert.Equal(2, Server.Stats.ByPath["/bytes/3"]);
        Assert.Equal(0, result.Total.Errors);
    }

    [Fact]
    public void MistakesInCode_AreAllReportedBeforeTheRun()
    {
        var scenario = Scenario.Create("bad")
            .Main(m => m.Get("/a/${who}").Get("no-slash").If("x ==", t => t.Log("never")).Call("nowhere"))
            .Build();
        var plan = new Plan { Name = "bad", Target = TargetSpec.ForUrl(Server.BaseAddress), Load = new LoadSpec { Iterations = 1 }, Scenario = scenario };

        var e = Assert.Throws<PlanException>(() => new BarrageRunner(plan, Server.BaseAddress));

        Assert.Equal(
            [
                "call: unknown sequence 'nowhere'; define it under scenario.sequences",
                "expected a path starting with '/' or an absolute http:// or https:// URL, got 'no-slash'",
                "unknown variable 'who'; declare it under 'variables', set it with 'set', or extract it from a response",
                "expected a variable, a number or a quoted text, got the end of the condition",
            ],
            e.Errors.Select(x => x.Message));
    }
}
