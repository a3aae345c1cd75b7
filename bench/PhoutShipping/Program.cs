using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Barrage.Cluster;
using Barrage.Cluster.Protocol;
using Barrage.Load;
using NATS.Client.Core;

// What --collect-phout costs: one agent's ~50 MB phout shipped to the coordinator through a nats-server on loopback,
// protocol 2's blast (publish every chunk at once, append in arrival order: at most once) against protocol 3's
// acknowledged shipping, stop-and-wait and with windows. Wall time, CPU of this process (both ends run in it, each with
// its own NATS connection) and of nats-server; interleaved rounds, medians; whether the collected file is identical.
// Run: dotnet run -c Release --project bench/PhoutShipping [-- --rounds 5 --mb 50]
var rounds = Option("--rounds", 5);
var megabytes = Option("--mb", 50);
var dir = Directory.CreateTempSubdirectory("phout-shipping-").FullName;
var source = Path.Combine(dir, "phout.log");
WritePhout(source, megabytes * 1024L * 1024);
var expected = await File.ReadAllBytesAsync(source);
var port = FreePort();
using var server = Process.Start(new ProcessStartInfo("nats-server", ["-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)])
{
    RedirectStandardError = true,
    RedirectStandardOutput = true,
})!;
server.BeginErrorReadLine();
server.BeginOutputReadLine();
await WaitForPortAsync(port);
var url = $"nats://127.0.0.1:{port}";
(string Name, Func<string, string, Task> Ship)[] variants =
[
    ("blast (protocol 2)", BlastAsync),
    ("stop-and-wait", (run, into) => AcknowledgedAsync(run, into, 1)),
    ("window 4", (run, into) => AcknowledgedAsync(run, into, 4)),
    ("window 8 (default)", (run, into) => AcknowledgedAsync(run, into, 8)),
];
var results = variants.ToDictionary(v => v.Name, _ => new List<(double Wall, double Cpu, double Server, bool Same)>());
var report = new StringBuilder();
void Say(string line)
{
    Console.WriteLine(line);
    report.AppendLine(line);
}
try
{
    Say($"# phout shipping, {expected.Length / 1048576.0:0.0} MB, {rounds} interleaved rounds, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}");
    Say("");
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var (name, ship) in variants)
        {
            var into = Path.Combine(dir, "collected.log");
            File.Delete(into);
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var serverCpu = CpuSeconds(server.Id);
            var clock = Stopwatch.StartNew();
            await ship(Guid.NewGuid().ToString("N")[..12], into);
            var wall = clock.Elapsed.TotalSeconds;
            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var serverUsed = CpuSeconds(server.Id) - serverCpu;
            var same = File.Exists(into) && (await File.ReadAllBytesAsync(into)).AsSpan().SequenceEqual(expected);
            results[name].Add((wall, used, serverUsed, same));
            Console.WriteLine($"round {round} {name,-19} wall {wall:0.00} s  cpu {used:0.00} s  nats-server {serverUsed:0.00} s  identical {same}");
        }
    }
    Say("");
    Say("| variant | wall s | CPU s (both ends) | nats-server CPU s | identical |");
    Say("|---|---|---|---|---|");
    foreach (var (name, list) in results)
        Say($"| {name} | {Median(list.Select(x => x.Wall)):0.00} | {Median(list.Select(x => x.Cpu)):0.00} | {Median(list.Select(x => x.Server)):0.00} | {list.Count(x => x.Same)}/{list.Count} |");
    var resultsDir = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results");
    if (Directory.Exists(resultsDir))
    {
        var file = Path.GetFullPath(Path.Combine(resultsDir, $"phout-shipping-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md"));
        await File.WriteAllTextAsync(file, report.ToString());
        Console.WriteLine($"\nwritten to {file}");
    }
}
finally
{
    server.Kill();
    await server.WaitForExitAsync();
    Directory.Delete(dir, recursive: true);
}

// Protocol 3: PhoutShipper on the agent's connection, PhoutCollection on the coordinator's.
async Task AcknowledgedAsync(string run, string into, int window)
{
    await using var agent = new NatsConnection(new NatsOpts { Url = url });
    await using var coordinator = new NatsConnection(new NatsOpts { Url = url });
    await using var chunks = await coordinator.SubscribeCoreAsync<byte[]>(Subjects.Phouts(run));
    var collectDir = Path.Combine(dir, "collected-" + run);
    using var ended = new CancellationTokenSource();
    var collecting = new PhoutCollection(coordinator, run, [new AgentShare("id", "a1", new LoadShare(0, 1))], collectDir, Console.WriteLine)
        .CollectAsync(chunks, TimeSpan.FromSeconds(60), ended.Token);
    await new PhoutShipper(agent, run, 0, PhoutShipping.Default with { Window = window }, Console.WriteLine).ShipAsync(source, CancellationToken.None);
    await collecting;
    File.Move(Path.Combine(collectDir, "a1", "phout.log"), into);
    Directory.Delete(collectDir, recursive: true);
}

// Protocol 2's shipping as it was, for comparison: every chunk published at once, appended in arrival order.
async Task BlastAsync(string run, string into)
{
    await using var agent = new NatsConnection(new NatsOpts { Url = url });
    await using var coordinator = new NatsConnection(new NatsOpts { Url = url });
    await using var chunks = await coordinator.SubscribeCoreAsync<byte[]>(Subjects.Phouts(run));
    var collecting = Task.Run(async () =>
    {
        await using var file = File.Create(into);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var msg = await chunks.Msgs.ReadAsync(giveUp.Token);
            if (Wire.Decode<PhoutChunk>(msg.Data) is not { } chunk)
                continue;
            await file.WriteAsync(chunk.Data);
            if (chunk.Last)
                return;
        }
    });
    var subject = Subjects.Phout(run, 0);
    long sequence = 0;
    await using (var file = File.OpenRead(source))
    {
        var buffer = new byte[512 * 1024];
        int read;
        while ((read = await file.ReadAsync(buffer)) > 0)
            await agent.PublishAsync(subject, Wire.Encode(new PhoutChunk(0, sequence++, buffer[..read], false, null)));
    }
    await agent.PublishAsync(subject, Wire.Encode(new PhoutChunk(0, sequence, [], true, null)));
    await collecting;
}

// Lines shaped like Barrage's: a tag, plausible timings and sizes.
static void WritePhout(string path, long bytes)
{
    using var writer = new StreamWriter(path);
    var random = new Random(1);
    var ms = 1_700_000_000_000L;
    while (writer.BaseStream.Length < bytes)
    {
        ms += random.Next(0, 3);
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{ms / 1000}.{ms % 1000:000}\titems\t{random.Next(100, 90000)}\t{random.Next(0, 300)}\t{random.Next(5, 90)}\t{random.Next(100, 80000)}\t{random.Next(5, 900)}\t{random.Next(100, 80000)}\t120\t{random.Next(200, 4000)}\t0\t200\n"));
    }
}

static double CpuSeconds(int pid)
{
    var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForPortAsync(int port)
{
    for (var i = 0; i < 100; i++)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(50);
        }
    }
    throw new InvalidOperationException($"nats-server did not listen on {port}");
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
