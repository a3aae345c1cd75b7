// A load test as an ordinary program: build a scenario in C#, run it with BarrageRunner, read the results.
// The same model a YAML plan makes (see examples/scenario.yaml); the same calls work inside an xunit test,
// where the assertions at the end become the test (tests/Barrage.FunctionalTests/Scenarios/ScenarioBuilderTests.cs).
//   dotnet run --project examples/Barrage.Examples -c Release
using System.Globalization;
using System.Text.Json.Nodes;
using Barrage.Plans;
using Barrage.Scenarios;
using Barrage.Target;

await using var target = await TargetServer.StartAsync(new TargetServerOptions());

var shop = Scenario.Create("shop")
    .Variable("user", "user-${user_id}")
    .Header("Accept", "application/json")
    .Auth(AuthSpec.Bearer("token-${user_id}"))
    .Init(steps => steps
        .Post("/echo", r => r with { Json = JsonNode.Parse("""{"login":"${user}"}"""), Tag = "login" }))
    .Main(steps => steps
        .Get("/json", r => r with { Tag = "items", Query = [new("page", "${random_int(1,5)}")] })
        .Parallel(page => page.Get("/bytes/1024").Get("/bytes/2048").Get("/bytes/512"))
        .Think(ThinkTime.Between(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30)))
        .Group("checkout", checkout => checkout
            .Post("/echo", r => r with { Json = JsonNode.Parse("""{"item":"${counter()}","by":"${user}"}"""), Tag = "cart" })
            .Get("/bearer", r => r with { Tag = "pay" }))
        .If("iteration == 0", first => first.Call("welcome")))
    .Sequence("welcome", steps => steps.Log("${user} is new here"))
    .End(steps => steps.Post("/echo", r => r with { Body = "bye ${user}", Tag = "logout" }))
    .Build();

var load = new LoadSpec { Users = 8, Duration = TimeSpan.FromSeconds(5), RampUp = TimeSpan.FromSeconds(1) };
var result = await BarrageRunner.RunAsync(shop, target.BaseAddress, load, new ScenarioOptions { Log = new ConsoleLog() });

Console.WriteLine($"{result.Total.Requests} samples, {result.Total.Errors} errors, in {result.Outcome.Elapsed.TotalSeconds:0.0} s");
foreach (var (tag, totals) in result.ByTag.OrderBy(t => t.Key, StringComparer.Ordinal))
{
    var p99 = totals.ServiceTime.GetValueAtPercentile(99) / 1000.0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {tag,-20} {totals.Requests,6} requests  p99 {p99,8:0.00} ms  errors {totals.Errors}"));
}
return result.Total.Errors == 0 ? 0 : 1;

/// <summary>Prints the scenario's log lines.</summary>
internal sealed class ConsoleLog : IScenarioLog
{
    public void Write(string text) => Console.WriteLine(text);
}
