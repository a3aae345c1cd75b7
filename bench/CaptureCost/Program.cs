using System.Diagnostics;
using System.Globalization;
using System.Text;
using Barrage.Engine;
using Barrage.Scenarios;
using Barrage.Scenarios.Checks;
using Barrage.Scenarios.Extraction;
using Barrage.Transport;
using Barrage.Transport.Http1;

// What reading a response costs the generator, per response, in CPU time of this process (user + sys): parsing
// only (what `hit` does), parsing with capture, and capture plus a status check and a JSONPath extraction (what a
// scenario request with one check and one extraction does). The response is the built-in target's /json.
// Run: dotnet run -c Release --project bench/CaptureCost [-- --count 200000]
var count = args.Length == 2 && args[0] == "--count" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
var body = "{\"items\":[" + string.Join(",", Enumerable.Range(1, 10).Select(i => $"{{\"id\":{i},\"name\":\"item {i}\"}}")) + "],\"count\":10}";
var response = Encoding.ASCII.GetBytes(
    $"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: Mon, 23 Nov 2026 22:00:00 GMT\r\nServer: Kestrel\r\nContent-Length: {body.Length}\r\n\r\n{body}");
var parser = new Http1ResponseParser(64 * 1024);
var capture = new ResponseCapture(10 * 1024 * 1024);
var rules = new ResponseRules(
    [new StatusCheck("status 2xx", CheckFailureAction.Continue, [(200, 299)], "2xx")],
    [new JsonExtractor("id", CheckFailureAction.Continue, JsonPathQuery.Parse("$.items[0].id"))]);
var scope = new NullScope();
var sink = new NullSink();

double Measure(Action once)
{
    for (var i = 0; i < count / 10; i++)
        once();
    var before = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < count; i++)
        once();
    return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / count;
}

void Parse(IHttpBodySink? into)
{
    parser.Reset(headRequest: false, into);
    parser.Parse(response, out _);
}

var rows = new List<string> { $"CPU µs per response ({response.Length} bytes, {count} responses, median of 5), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC" };
var figures = new Dictionary<string, List<double>> { ["parse only"] = [], ["parse + capture"] = [], ["capture + status check + JSONPath extraction"] = [] };
for (var round = 0; round < 5; round++)
{
    figures["parse only"].Add(Measure(() => Parse(null)));
    figures["parse + capture"].Add(Measure(() =>
    {
        capture.Begin();
        Parse(capture);
        capture.Complete();
    }));
    figures["capture + status check + JSONPath extraction"].Add(Measure(() =>
    {
        capture.Begin();
        Parse(capture);
        var input = new CheckInput(new TransportResult(0, 0, 0, 0, 0, response.Length, NetCodes.Ok, 200) { Response = capture.Complete() }, 1000);
        rules.Apply(input, scope, sink, "items", 0);
    }));
}
foreach (var (name, values) in figures)
    rows.Add($"{name,-46} {values.Order().ElementAt(values.Count / 2),8:F2}");
foreach (var row in rows)
    Console.WriteLine(row);
var results = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results");
Directory.CreateDirectory(results);
File.WriteAllLines(Path.Combine(results, $"capture-cost-{DateTime.UtcNow:yyyyMMdd-HHmm}.txt"), rows);

internal sealed class NullScope : IVariableScope
{
    public bool TryGet(string name, out string value)
    {
        value = "";
        return false;
    }

    public void Set(string name, string value)
    {
    }
}

internal sealed class NullSink : ISampleSink
{
    public void Record(in Sample sample)
    {
    }
}
