using Barrage.Cluster.Protocol;
using Barrage.Load;
using NATS.Client.Core;

namespace Barrage.Cluster.Tests;

/// <summary>
/// <c>--collect-phout</c> through a real nats-server: agents' phout files arrive whole and in order whatever is lost or
/// repeated on the way, and a file that cannot arrive whole is said to be incomplete, with how much is missing.
/// </summary>
public sealed class PhoutShippingTests : InProcessClusterTest
{
    private const int Chunk = 64 * 1024;

    /// <summary>Small chunks (a file of a few MB is tens of them) and quick resends, so losses cost milliseconds.</summary>
    private static readonly PhoutShipping Quick = new() { ChunkSize = Chunk, FirstResend = TimeSpan.FromMilliseconds(200), MaxResend = TimeSpan.FromSeconds(1) };

    /// <summary>Released once for every agent that says its phout is shipped (it says so after the coordinator's last acknowledgement).</summary>
    private readonly SemaphoreSlim _shipped = new(0);

    private string AgentsOut => Path.Combine(Dir, "agents");

    private string Collected => Path.Combine(Dir, "collected");

    [Fact]
    public async Task AMultiChunkPhout_IsCollectedByteForByte_AndCalledCollected()
    {
        var run = await PrepareCollectingAsync(2, Quick);
        await using (run)
        {
            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            await AssertCollectedWholeAsync(run, minChunks: 10);
        }
    }

    [Fact]
    public async Task ChunksLostOnTheWay_AreResent_AndThePhoutIsStillByteForByte()
    {
        var run = await PrepareCollectingAsync(1, Quick);
        await using (run)
        {
            // Lost once each: one chunk, a burst of three (a slow consumer's drop), and the last.
            var seen = new HashSet<long>();
            var lost = 0;
            run.LosePhoutChunk = chunk =>
            {
                var lose = (chunk.Sequence is 1 or 4 or 5 or 6 || chunk.Last) && seen.Add(chunk.Sequence);
                lost += lose ? 1 : 0;
                return lose;
            };

            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(5, lost);
            await AssertCollectedWholeAsync(run, minChunks: 10);
        }
    }

    [Fact]
    public async Task ANatsRestartMidShipping_IsSurvived_AndThePhoutIsStillByteForByte()
    {
        var run = await PrepareCollectingAsync(1, Quick);
        await using (run)
        {
            // NATS goes down when chunk 5 arrives (which is lost with whatever else is in flight) and comes back.
            Task? restart = null;
            run.LosePhoutChunk = chunk =>
            {
                if (chunk.Sequence != 5 || restart is not null)
                    return false;
                restart = Task.Run(async () =>
                {
                    await Nats.StopAsync();
                    await Nats.StartAsync();
                });
                return true;
            };

            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            await restart!;
            await AssertCollectedWholeAsync(run, minChunks: 10);
        }
    }

    [Fact]
    public async Task DuplicateChunks_AreWrittenOnce()
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = Nats.Url });
        await using var chunks = await nats.SubscribeCoreAsync<byte[]>("barrage.run.*.phout.*");
        var run = await PrepareCollectingAsync(1, Quick);
        await using (run)
        {
            // Every chunk comes twice, as a resend does when only the acknowledgement was lost.
            var repeated = 0;
            var repeating = Task.Run(async () =>
            {
                await foreach (var msg in chunks.Msgs.ReadAllAsync())
                {
                    await nats.PublishAsync(msg.Subject, msg.Data);
                    if (Wire.Decode<PhoutChunk>(msg.Data)!.Last)
                        return;
                    repeated++;
                }
            });

            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await repeating.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.True(repeated >= 10, $"{repeated} chunks repeated");
            await AssertCollectedWholeAsync(run, minChunks: 10);
        }
    }

    [Fact]
    public async Task TheCoordinatorGoneMidShipping_TheAgentGivesUpWithinItsPatience_SayingHowMuchItCouldNotShip()
    {
        var path = Path.Combine(Dir, "phout.log");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 20 * Chunk).Select(i => (byte)i)]);
        var log = new List<string>();
        await using var agent = new NatsConnection(new NatsOpts { Url = Nats.Url });
        var coordinator = new NatsConnection(new NatsOpts { Url = Nats.Url });
        var chunks = await coordinator.SubscribeCoreAsync<byte[]>(Subjects.Phout("r1", 0));
        var gone = Task.Run(async () =>
        {
            // The coordinator writes and acknowledges three chunks, then is gone.
            await foreach (var msg in chunks.Msgs.ReadAllAsync())
            {
                var sequence = Wire.Decode<PhoutChunk>(msg.Data)!.Sequence;
                if (sequence == 3)
                    break;
                await coordinator.PublishAsync(Subjects.PhoutAck("r1", 0), Wire.Encode(new PhoutAck(sequence)));
                await coordinator.PingAsync();
            }
            await chunks.DisposeAsync();
            await coordinator.DisposeAsync();
        });
        var shipping = Quick with { Window = 4, FirstResend = TimeSpan.FromMilliseconds(100), Patience = TimeSpan.FromSeconds(1) };

        var shipped = await new PhoutShipper(agent, "r1", 0, shipping, log.Add).ShipAsync(path, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await gone;
        Assert.False(shipped);
        Assert.Equal([$"run r1: phout not shipped in full: {17 * Chunk} of {20 * Chunk} bytes (chunks from 3 on) not acknowledged by the coordinator: " +
            "nothing acknowledged for 1 s (the coordinator or NATS is gone, or only the acknowledgements were lost); giving up"], log);
    }

    [Fact]
    public async Task AChunkThatNeverArrives_TheAgentGivesUp_AndThePhoutIsCalledIncomplete_WithWhatIsMissing()
    {
        var run = await PrepareCollectingAsync(1, Quick with { Patience = TimeSpan.FromSeconds(1) });
        await using (run)
        {
            run.LosePhoutChunk = chunk => chunk.Sequence == 3;

            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var agent = run.Agents[0];
            var whole = File.ReadAllBytes(AgentFile(agent));
            var missing = $"{whole.Length - 3 * Chunk} of {whole.Length} bytes missing, from chunk 3 (byte {3 * Chunk}) on";
            Assert.Equal($"the agent gave up shipping it (nothing acknowledged for 1 s (the coordinator or NATS is gone, or only the acknowledgements " +
                $"were lost)); {missing}", agent.PhoutIncomplete);
            var log = LogText();
            Assert.Contains($"phout of a1 is incomplete: {agent.PhoutIncomplete}; what arrived in order is in {agent.PhoutPath}", log, StringComparison.Ordinal);
            Assert.DoesNotContain("phout of a1 collected", log, StringComparison.Ordinal);
            Assert.Contains($"run {run.RunId}: phout not shipped in full: {whole.Length - 3 * Chunk} of {whole.Length} bytes (chunks from 3 on)", log, StringComparison.Ordinal);
            Assert.Equal(whole[..(3 * Chunk)], File.ReadAllBytes(agent.PhoutPath!));
        }
    }

    [Fact]
    public async Task AShippingThatKeepsProgressing_OutlastsTheCoordinatorsWait_AndIsCollectedWhole()
    {
        // One chunk at a time, each lost once: every chunk comes a resend (0.15-0.6 s) after the one before, the whole
        // file well over the coordinator's 2 s wait, which used to count from the run's end and cut it short.
        var slow = new PhoutShipping { ChunkSize = 256 * 1024, Window = 1, FirstResend = TimeSpan.FromMilliseconds(150), MaxResend = TimeSpan.FromMilliseconds(600) };
        var run = await PrepareCollectingAsync(1, slow);
        await using (run)
        {
            var seen = new HashSet<long>();
            run.LosePhoutChunk = chunk => { lock (seen) return seen.Add(chunk.Sequence); };
            run.PhoutWait = TimeSpan.FromSeconds(2);
            var started = DateTime.UtcNow;

            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var agent = run.Agents[0];
            Assert.True(agent.PhoutIncomplete is null, agent.PhoutIncomplete);
            Assert.Equal(await File.ReadAllBytesAsync(AgentFile(agent)), await File.ReadAllBytesAsync(agent.PhoutPath!));
            Assert.True(new FileInfo(agent.PhoutPath!).Length > 8 * 256 * 1024, "too few chunks to outlast the wait");
            Assert.True(DateTime.UtcNow - started > TimeSpan.FromSeconds(3), "the shipping did not outlast the coordinator's wait");
        }
    }

    [Fact]
    public async Task TheCoordinatorStopsWaiting_ThePhoutIsCalledIncomplete_WithWhatIsMissing()
    {
        var run = await PrepareCollectingAsync(1, Quick);
        await using (run)
        {
            run.LosePhoutChunk = chunk => chunk.Sequence == 2;
            run.PhoutWait = TimeSpan.FromSeconds(1);

            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var agent = run.Agents[0];
            var size = new FileInfo(AgentFile(agent)).Length;
            Assert.Equal($"the coordinator stopped waiting for it 1 s after the run or its last chunk; {size - 2 * Chunk} of {size} bytes missing, from chunk 2 (byte {2 * Chunk}) on",
                agent.PhoutIncomplete);
            Assert.Contains($"phout of a1 is incomplete: {agent.PhoutIncomplete}", LogText(), StringComparison.Ordinal);
            Assert.Equal(2 * Chunk, new FileInfo(agent.PhoutPath!).Length);
        }
    }

    [Fact]
    public async Task TheLastAcknowledgementLost_TheAgentStillLearnsEveryByteArrived_AndWarnsOfNoLoss()
    {
        var run = await PrepareCollectingAsync(1, Quick with { Patience = TimeSpan.FromSeconds(2) });
        await using (run)
        {
            // The acknowledgement of the file's end is lost: the coordinator holds every byte and has stopped collecting.
            var lost = 0;
            run.LosePhoutAck = ack => ack.Ended && Interlocked.Exchange(ref lost, 1) == 0;

            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            await AssertCollectedWholeAsync(run, minChunks: 10);
            Assert.Equal(1, lost);
            Assert.DoesNotContain("phout not shipped in full", LogText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryByteArrived_ButNeverTheEnd_NeitherSideCallsAnythingMissing()
    {
        var run = await PrepareCollectingAsync(1, Quick with { Patience = TimeSpan.FromSeconds(1) });
        await using (run)
        {
            // Every data chunk arrives and is acknowledged; the empty chunk that ends the file never does.
            run.LosePhoutChunk = chunk => chunk.Last && !chunk.GaveUp;

            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var agent = run.Agents[0];
            var whole = File.ReadAllBytes(AgentFile(agent));
            var log = LogText();
            Assert.True(agent.PhoutIncomplete is null, log);
            Assert.Equal(whole, File.ReadAllBytes(agent.PhoutPath!));
            Assert.Contains($"phout of a1 collected in {agent.PhoutPath} ({whole.Length} bytes)", log, StringComparison.Ordinal);
            Assert.Contains($"run {run.RunId}: phout's {whole.Length} bytes all acknowledged by the coordinator, its end not (nothing acknowledged for 1 s", log,
                StringComparison.Ordinal);
            Assert.DoesNotContain("phout not shipped in full", log, StringComparison.Ordinal);
            // So the agent counts it as shipped, and keeps no copy of a file the coordinator holds whole.
            Assert.True(await _shipped.WaitAsync(TimeSpan.FromSeconds(10)), LogText());
            Assert.Contains($"run {run.RunId}: phout shipped to the coordinator ({whole.Length} bytes)", LogText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AChunkStillMissingWhenTheCoordinatorStopsWaiting_TheAgentIsAnsweredWithWhatArrived_AndWarnsOfTheRest()
    {
        var run = await PrepareCollectingAsync(1, Quick with { Patience = TimeSpan.FromSeconds(3) });
        await using (run)
        {
            run.LosePhoutChunk = chunk => chunk.Sequence == 2;
            run.PhoutWait = TimeSpan.FromSeconds(1);

            await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            // The coordinator answers the agent's resends after it stopped collecting; they must not hide the hole.
            var size = new FileInfo(AgentFile(run.Agents[0])).Length;
            var warning = $"run {run.RunId}: phout not shipped in full: {size - 2 * Chunk} of {size} bytes (chunks from 2 on) not acknowledged by the coordinator";
            for (var waited = 0; waited < 150 && !LogText().Contains(warning, StringComparison.Ordinal); waited++)
                await Task.Delay(100);
            Assert.Contains(warning, LogText(), StringComparison.Ordinal);
            Assert.DoesNotContain($"run {run.RunId}: phout shipped to the coordinator", LogText(), StringComparison.Ordinal);
            Assert.NotNull(run.Agents[0].PhoutIncomplete);
        }
    }

    [Fact]
    public async Task StoppedBeforeTheStart_EveryAgentsEmptyPhoutIsCollected_WithoutWaitingOutTheCoordinatorsWait()
    {
        var run = await PrepareCollectingAsync(2, Quick);
        await using (run)
        {
            // Far within the coordinator's 60 s wait for phout files.
            await run.RunAsync(new CancellationToken(canceled: true)).WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(0, Target.Stats.Requests);
            Assert.All(run.Agents, a => Assert.True(a.PhoutIncomplete is null && new FileInfo(a.PhoutPath!).Length == 0, LogText()));
        }
    }

    [Fact]
    public async Task AnUnreadablePhout_IsCalledIncomplete_WithTheAgentsReason()
    {
        var log = new List<string>();
        var agents = new[] { new AgentShare("id1", "a1", new LoadShare(0, 1)) };
        await using var nats = new NatsConnection(new NatsOpts { Url = Nats.Url });
        await using var chunks = await nats.SubscribeCoreAsync<byte[]>(Subjects.Phouts("r1"));
        using var ended = new CancellationTokenSource();
        var collecting = new PhoutCollection(nats, "r1", agents, Collected, log.Add).CollectAsync(chunks, TimeSpan.FromSeconds(10), ended.Token);

        var shipped = await new PhoutShipper(nats, "r1", 0, Quick, log.Add).ShipAsync(Path.Combine(Dir, "none", "phout.log"), CancellationToken.None);
        await collecting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(shipped);
        Assert.StartsWith("the agent could not read it (Could not find a part of the path", agents[0].PhoutIncomplete, StringComparison.Ordinal);
        Assert.EndsWith("); 0 bytes arrived, the file's size is unknown", agents[0].PhoutIncomplete, StringComparison.Ordinal);
        Assert.Contains($"phout of a1 is incomplete: {agents[0].PhoutIncomplete}; what arrived in order is in {Path.Combine(Collected, "a1", "phout.log")}", log);
    }

    /// <summary>A run of <paramref name="agents"/> agents whose phout files are a few MB each (long tags), collected.</summary>
    private async Task<ClusterRun> PrepareCollectingAsync(int agents, PhoutShipping shipping)
    {
        await StartAgentsAsync(agents, outDir: AgentsOut, shipping: shipping, log: line =>
        {
            if (line.Contains(": phout shipped to the coordinator", StringComparison.Ordinal))
                _shipped.Release();
        });
        var plan = Path.Combine(Dir, "big-phout.yaml");
        File.WriteAllText(plan, $"""
            name: big-phout
            target: {Target.BaseAddress}
            load:
              model: open
              schedule: const({600 * agents}, 1s)
            scenario:
              main:
                - get: /
                  tag: {new string('t', 4000)}
            """);
        var run = await PrepareAsync(plan, new ClusterOptions(Nats.Url, agents, TimeSpan.FromSeconds(10), CollectPhoutDir: Collected));
        Assert.True(run is not null, LogText());
        return run;
    }

    /// <summary>The phout file the agent wrote (and keeps: it has an --out directory).</summary>
    private string AgentFile(AgentShare agent) => Directory.GetFiles(AgentsOut, "phout.log", SearchOption.AllDirectories)
        .Single(f => Path.GetFileName(Path.GetDirectoryName(f))!.EndsWith("-" + agent.Name, StringComparison.Ordinal));

    /// <summary>Every agent's phout was collected whole, called so, and the agent said it shipped it.</summary>
    private async Task AssertCollectedWholeAsync(ClusterRun run, int minChunks)
    {
        foreach (var _ in run.Agents)
            Assert.True(await _shipped.WaitAsync(TimeSpan.FromSeconds(10)), LogText());
        var log = LogText();
        foreach (var agent in run.Agents)
        {
            Assert.True(agent.PhoutIncomplete is null, log);
            Assert.Equal(Path.Combine(Collected, agent.Name, "phout.log"), agent.PhoutPath);
            var whole = File.ReadAllBytes(AgentFile(agent));
            Assert.True(whole.Length >= minChunks * Chunk, $"{whole.Length} bytes: not {minChunks} chunks");
            Assert.Equal(whole, File.ReadAllBytes(agent.PhoutPath!));
            Assert.Contains($"phout of {agent.Name} collected in {agent.PhoutPath} ({whole.Length} bytes)", log, StringComparison.Ordinal);
            Assert.Contains($"run {run.RunId}: phout shipped to the coordinator ({whole.Length} bytes)", log, StringComparison.Ordinal);
        }
    }
}
