using Barrage.Cluster.Protocol;
using NATS.Client.Core;

namespace Barrage.Cluster;

/// <summary>
/// The coordinator's side of <c>--collect-phout</c>: writes each agent's chunks to DIR/NAME/phout.log in order
/// (<see cref="PhoutIntake"/>) and acknowledges every chunk with what is written, until every agent still heard has
/// shipped its whole file, given up, or the coordinator's wait after the run ran out. A file is called collected only
/// when it is whole; otherwise the log says it is incomplete and how much is missing.
/// </summary>
internal sealed class PhoutCollection(INatsConnection nats, string runId, IReadOnlyList<AgentShare> agents, string dir, Action<string> log)
{
    /// <summary>How long an acknowledgement may wait to be sent (NATS reconnecting) before it is left to the next one.</summary>
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(1);

    private readonly PhoutIntake[] _intakes = [.. agents.Select(a => new PhoutIntake(Path.Combine(dir, a.Name, "phout.log")))];

    /// <summary>Tests only: true for a chunk to treat as lost on the way (it is neither written nor acknowledged).</summary>
    public Func<PhoutChunk, bool>? Lose { get; init; }

    /// <summary>Tests only: true for an acknowledgement (agent index, sequence written, whether the file ended) to treat as lost on the way.</summary>
    public Func<(int Index, long Written, bool Ended), bool>? LoseAck { get; init; }

    /// <summary>
    /// Collects from <paramref name="chunks"/> until every agent's file ended, or until <paramref name="wait"/> passed
    /// after <paramref name="runEnded"/> without a file growing (agents ship right after their end; a lost agent's file
    /// never comes, and a big one over a slow link keeps arriving).
    /// </summary>
    public async Task CollectAsync(INatsSub<byte[]> chunks, TimeSpan wait, CancellationToken runEnded)
    {
        using var giveUp = new CancellationTokenSource();
        using var waiting = runEnded.Register(() => giveUp.CancelAfter(wait));
        var intakes = _intakes;
        try
        {
            while (Enumerable.Range(0, agents.Count).Any(i => agents[i].LostAfterSeconds is null && !intakes[i].Ended))
            {
                if (ChunkOf(await chunks.Msgs.ReadAsync(giveUp.Token).ConfigureAwait(false)) is not { } chunk)
                    continue;
                var intake = intakes[chunk.Index];
                var ended = intake.Ended;
                var written = intake.Written;
                await intake.TakeAsync(chunk, giveUp.Token).ConfigureAwait(false);
                if (intake.Written > written && runEnded.IsCancellationRequested)
                    giveUp.CancelAfter(wait); // progress: the wait starts again
                if (!chunk.GaveUp)
                    await AcknowledgeAsync(chunk.Index, intake.Written).ConfigureAwait(false);
                if (!ended && intake.Ended)
                    Report(agents[chunk.Index], intake);
            }
        }
        catch (OperationCanceledException)
        {
            for (var i = 0; i < agents.Count; i++)
            {
                if (agents[i].LostAfterSeconds is not null || intakes[i].Ended)
                    continue;
                await intakes[i].GiveUpAsync($"the coordinator stopped waiting for it {wait.TotalSeconds:0.#} s after the run or its last chunk").ConfigureAwait(false);
                Report(agents[i], intakes[i]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"could not write the collected phout in {dir}: {e.Message}");
            foreach (var (agent, intake) in agents.Zip(intakes).Where(p => !p.Second.Ended))
                agent.PhoutIncomplete = $"could not be written: {e.Message}";
        }
        finally
        {
            foreach (var intake in intakes)
                await intake.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After <see cref="CollectAsync"/>, until <paramref name="closing"/>: answers an agent's resends with what is written of
    /// its file. The collection stops reading when the last file ends, so an agent whose last acknowledgement was lost
    /// (or came late) would resend to no one and give up saying its file was not shipped; answered, it learns that every
    /// byte is here, and an agent whose file is incomplete still learns only what was written, so it reports the rest.
    /// </summary>
    public async Task AnswerResendsAsync(INatsSub<byte[]> chunks, CancellationToken closing)
    {
        try
        {
            await foreach (var msg in chunks.Msgs.ReadAllAsync(closing).ConfigureAwait(false))
            {
                if (ChunkOf(msg) is { GaveUp: false } chunk)
                    await AcknowledgeAsync(chunk.Index, _intakes[chunk.Index].Written).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
        }
    }

    /// <summary>The chunk in <paramref name="msg"/>, or null when it is none of an agent of this run's (or a test loses it).</summary>
    private PhoutChunk? ChunkOf(NatsMsg<byte[]> msg) =>
        Wire.Decode<PhoutChunk>(msg.Data) is { } chunk && chunk.Index >= 0 && chunk.Index < agents.Count && Lose?.Invoke(chunk) != true ? chunk : null;

    private void Report(AgentShare agent, PhoutIntake intake)
    {
        var exists = File.Exists(intake.Path);
        if (exists)
            agent.PhoutPath = intake.Path;
        agent.PhoutIncomplete = intake.Incomplete;
        log(intake.Incomplete is null
            ? $"phout of {agent.Name} collected in {intake.Path} ({intake.Bytes} bytes)"
            : $"phout of {agent.Name} is incomplete: {intake.Incomplete}" + (exists ? $"; what arrived in order is in {intake.Path}" : ""));
    }

    private async Task AcknowledgeAsync(int index, long written)
    {
        if (LoseAck?.Invoke((index, written, _intakes[index].Ended)) == true)
            return;
        try
        {
            // Bounded: a publish that waits for a reconnection must not hold the other agents' chunks.
            using var timeout = new CancellationTokenSource(AckTimeout);
            await nats.PublishAsync(Subjects.PhoutAck(runId, index), Wire.Encode(new PhoutAck(written)), cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            // The agent resends what is unacknowledged, and its resend is acknowledged again.
        }
    }
}
