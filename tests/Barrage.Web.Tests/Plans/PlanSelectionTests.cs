using System.Net;
using Barrage.Plans;
using Barrage.Web.Live;

namespace Barrage.Web.Plans;

/// <summary>The Start page offers the plans folder's files and nothing outside it, however the name is written.</summary>
public sealed class PlanSelectionTests
{
    private const string PlanYaml = """
        name: {0}
        target: http://127.0.0.1:1/
        load:
          users: 1
          duration: 1s
        scenario:
          main:
            - get: /
        """;

    /// <summary>Records the plans it is asked to run; each run waits for its stop.</summary>
    private sealed class RecordingLauncher : IRunLauncher
    {
        public List<Plan> Plans { get; } = [];

        public int Count
        {
            get
            {
                lock (Plans)
                    return Plans.Count;
            }
        }

        public async Task<int> RunAsync(Plan plan, string outputDirectory, ILiveRunFeed live, CancellationToken stop)
        {
            lock (Plans)
                Plans.Add(plan);
            live.Started(null, plan, new Barrage.Metrics.TimeSeries.SeriesTotals());
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            return 130;
        }
    }

    private static Task<Dashboard> WithPlansAsync(RecordingLauncher launcher) => Dashboard.StartAsync((folder, o) =>
    {
        var plans = Directory.CreateDirectory(Path.Combine(folder, "plans")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(folder, "outside")).FullName;
        Directory.CreateDirectory(Path.Combine(plans, "sub"));
        File.WriteAllText(Path.Combine(plans, "a.yaml"), string.Format(System.Globalization.CultureInfo.InvariantCulture, PlanYaml, "a"));
        File.WriteAllText(Path.Combine(plans, "sub", "b.yml"), string.Format(System.Globalization.CultureInfo.InvariantCulture, PlanYaml, "b"));
        File.WriteAllText(Path.Combine(plans, "notes.txt"), "not a plan");
        File.WriteAllText(Path.Combine(outside, "secret.yaml"), string.Format(System.Globalization.CultureInfo.InvariantCulture, PlanYaml, "secret"));
        File.CreateSymbolicLink(Path.Combine(plans, "link.yaml"), Path.Combine(outside, "secret.yaml"));
        Directory.CreateSymbolicLink(Path.Combine(plans, "linkdir"), outside);
        File.CreateSymbolicLink(Path.Combine(plans, "inside-link.yaml"), Path.Combine(plans, "a.yaml"));
        return o with { PlansDirectory = plans, RunsDirectory = Path.Combine(folder, "runs") };
    }, launcher);

    [Fact]
    public async Task Plans_ListsTheFolderOnly_LinksOutOfItLeftOut()
    {
        await using var d = await WithPlansAsync(new RecordingLauncher());
        var listed = (await d.GetJsonAsync("api/plans")).GetProperty("plans").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(["a.yaml", "inside-link.yaml", "sub/b.yml"], listed);
    }

    [Theory]
    [InlineData("../outside/secret.yaml")]
    [InlineData("sub/../../outside/secret.yaml")]
    [InlineData("link.yaml")]
    [InlineData("linkdir/secret.yaml")]
    [InlineData("notes.txt")]
    [InlineData("")]
    public async Task Start_NameThatEscapesTheFolder_NamesNothing(string name)
    {
        var launcher = new RecordingLauncher();
        await using var d = await WithPlansAsync(launcher);
        var response = await d.PostAsync("api/start", new { plan = name });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(launcher.Plans);
    }

    [Fact]
    public async Task Start_AbsolutePath_NamesNothing()
    {
        var launcher = new RecordingLauncher();
        await using var d = await WithPlansAsync(launcher);
        foreach (var name in new[] { Path.Combine(d.Folder, "outside", "secret.yaml"), Path.Combine(d.Folder, "plans", "a.yaml") })
            Assert.Equal(HttpStatusCode.NotFound, (await d.PostAsync("api/start", new { plan = name })).StatusCode);
        Assert.Empty(launcher.Plans);
    }

    [Fact]
    public async Task Start_RunsThePlanWithItsOverrides_OneAtATime_StopEndsIt()
    {
        var launcher = new RecordingLauncher();
        await using var d = await WithPlansAsync(launcher);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await d.Http.GetAsync(new Uri("api/start", UriKind.Relative))).StatusCode);

        var started = await d.PostAsync("api/start", new { plan = "sub/b.yml", users = 3, duration = "7s" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var live = System.Text.Json.JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("live").GetInt32();
        Assert.Equal(HttpStatusCode.Conflict, (await d.PostAsync("api/start", new { plan = "a.yaml" })).StatusCode);

        // The launcher runs on its own task after the start is answered: wait (bounded) until it has the plan.
        for (var i = 0; i < 200 && launcher.Count == 0; i++)
            await Task.Delay(25);
        lock (launcher.Plans)
        {
            var plan = Assert.Single(launcher.Plans);
            Assert.Equal("b", plan.Name);
            Assert.Equal(3, plan.Load.Users);
            Assert.Equal(TimeSpan.FromSeconds(7), plan.Load.Duration);
        }
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await d.Http.GetAsync(new Uri($"api/live/{live}/stop", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await d.PostAsync($"api/live/{live}/stop")).StatusCode);
        using var events = await d.Http.GetStreamAsync(new Uri($"api/live/{live}/events", UriKind.Relative));
        using var reader = new StreamReader(events);
        // The stream ends once the run finished: its last state says so.
        var text = await reader.ReadToEndAsync();
        Assert.Contains("\"status\":\"finished\"", text, StringComparison.Ordinal);
        Assert.Contains("\"exitCode\":130", text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await d.PostAsync("api/start", new { plan = "a.yaml", duration = "soon" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await d.PostAsync("api/start", new { plan = "a.yaml", schedule = "const(10, 1s)" })).StatusCode);
    }
}
