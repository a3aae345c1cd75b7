using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Barrage.Engine;
using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Store;
using Barrage.Reporting.Summaries;
using Barrage.Reporting.Thresholds;
using Barrage.Thresholds;
using Barrage.Transport;

namespace Barrage.Web;

/// <summary>A dashboard on a free loopback port over a store in a temp folder, and an HTTP client for it.</summary>
internal sealed class Dashboard : IAsyncDisposable
{
    private Dashboard(DashboardServer server, string folder)
    {
        Server = server;
        Folder = folder;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public DashboardServer Server { get; }

    public string Folder { get; }

    public HttpClient Http { get; }

    public string StorePath => Path.Combine(Folder, "runs.db");

    public static async Task<Dashboard> StartAsync(Func<string, DashboardOptions, DashboardOptions>? configure = null, IRunLauncher? launcher = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "barrage-web-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var options = new DashboardOptions { Listen = "127.0.0.1:0", StorePath = Path.Combine(folder, "runs.db") };
        options = configure?.Invoke(folder, options) ?? options;
        return new Dashboard(await DashboardServer.StartAsync(options, launcher), folder);
    }

    /// <summary>A POST as the dashboard's own page sends it.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.Add("X-Barrage-Request", "1");
        return Http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Records a finished 3-second run of two tags whose service time is about <paramref name="latencyUs"/>.</summary>
    public long Record(string name, long latencyUs, DateTimeOffset startedAt, string? directory = null)
    {
        using var store = RunStore.Open(StorePath);
        var collector = new TimeSeriesCollector(shards: 1);
        var totals = new SeriesTotals();
        for (var i = 0; i < 3000; i++)
        {
            collector.Record(new Sample
            {
                Tag = i % 3 == 0 ? "login" : "items",
                StartUnixMicros = 0,
                ScheduledUs = i * 1000L,
                StartUs = i * 1000L,
                TotalUs = latencyUs + i % 101,
                Result = new TransportResult(1, 1, latencyUs, 1, 100, 500, 0, i % 100 == 0 ? 503 : 200),
            });
        }
        var id = store.BeginRun(new RunStart(name, "http://127.0.0.1:1/", $"name: {name}\n", startedAt, 2, directory));
        collector.Complete(slice =>
        {
            store.AddSeries(id, [slice]);
            totals.Add(slice);
        });
        Assert.True(ThresholdParser.TryParse("p99 < 1s", out var threshold, out _));
        var outcome = new RunOutcome(StopReason.Completed, startedAt, TimeSpan.FromSeconds(3));
        var thresholds = ThresholdEvaluator.Evaluate([threshold], totals, outcome.Elapsed);
        store.FinishRun(id, StoredSummary.Build(store.Get(id)! with { Duration = outcome.Elapsed }, totals) with { Duration = outcome.Elapsed, Thresholds = thresholds }, 0, thresholds);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
