using Barrage.Core.Tests.Transport.Http1;
using Barrage.Transport;
using Barrage.Transport.Loop;

namespace Barrage.Core.Tests.Transport.Loop;

/// <summary>Tests that count the whole process's sockets, so nothing else may run beside them.</summary>
[CollectionDefinition(nameof(DescriptorCounts), DisableParallelization = true)]
public sealed class DescriptorCounts;

[Collection(nameof(DescriptorCounts))]
public class LoopTransportDescriptorTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    [Fact]
    public async Task Connections_EveryWayTheyEnd_LeaveNoSocketOpen()
    {
        if (!Directory.Exists("/proc/self/fd"))
            return;
        var options = Http1TransportTests.Options with { RequestTimeout = TimeSpan.FromMilliseconds(500) };
        var factory = new LoopTransportFactory(options, loops: 1);
        await using (var warm = new ScriptedServer(ScriptedServer.AnswerEach(Ok)))
        {
            // Starts the loop (its epoll and eventfd) and the runtime's own socket engine before counting.
            await using ITransport first = factory.Create();
            await first.SendAsync(Http1TransportTests.Get(warm.Url()), CancellationToken.None);
        }

        int before = OpenSockets();
        int connection = 0;
        await using (var server = new ScriptedServer(async c =>
        {
            switch (Interlocked.Increment(ref connection) % 4)
            {
                case 0:
                    await ScriptedServer.AnswerEach(Ok)(c); // kept alive until the client leaves
                    break;
                case 1:
                    await c.ReadRequestAsync();
                    c.Reset();
                    break;
                case 2:
                    await c.ReadRequestAsync();
                    c.Close();
                    break;
                default:
                    await c.ReadRequestAsync(); // stalls: the client times out
                    await c.WaitForClientToCloseAsync();
                    break;
            }
        }, backlog: 64))
        {
            var codes = await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
            {
                await using ITransport transport = factory.Create();
                var seen = new List<int>();
                for (int i = 0; i < 3; i++)
                    seen.Add((await transport.SendAsync(Http1TransportTests.Get(server.Url()), CancellationToken.None)).NetCode);
                return seen;
            }));
            Assert.Contains(codes.SelectMany(c => c), code => code == NetCodes.Ok);
            Assert.Contains(codes.SelectMany(c => c), code => code != NetCodes.Ok);
        }

        // The server side closes asynchronously as its scripts end: wait for it, boundedly.
        int after = OpenSockets();
        for (int i = 0; i < 100 && after > before; i++)
        {
            await Task.Delay(50);
            after = OpenSockets();
        }

        Assert.Equal(before, after);
    }

    private static int OpenSockets()
    {
        int count = 0;
        foreach (string fd in Directory.EnumerateFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                    count++;
            }
            catch (IOException)
            {
                // Closed while enumerating.
            }
        }

        return count;
    }
}
