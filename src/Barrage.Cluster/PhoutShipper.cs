using System.Diagnostics;
using Barrage.Cluster.Protocol;
using NATS.Client.Core;

namespace Barrage.Cluster;

/// <summary>
/// Ships an agent's phout file to the coordinator after its run, in order and until acknowledged: chunks go out up to
/// <see cref="PhoutShipping.Window"/> ahead of the coordinator's acknowledgements, the unacknowledged ones are resent
/// with backoff, and the agent gives up, saying how much was not shipped, after <see cref="PhoutShipping.Patience"/>
/// without an acknowledgement.
/// </summary>
/// <remarks>
/// Core NATS delivers at most once: a slow consumer or a reconnection drops messages without a word, and a hole in the
/// collected file would go unnoticed. Acknowledgements are cumulative (the highest sequence written in order), so a lost
/// one is repaired by the next; a resend repeats the whole window (the coordinator keeps what came after a hole and
/// ignores what it has), which costs a window's bytes again, only after a loss.
/// </remarks>
internal sealed class PhoutShipper(INatsConnection nats, string runId, int index, PhoutShipping settings, Action<string> log)
{
    private readonly Queue<Unacknowledged> _window = new();
    private readonly string _subject = Subjects.Phout(runId, index);
    private long _acknowledged = -1;
    private long _acknowledgedBytes;
    private TimeSpan _resendAfter = settings.FirstResend;
    private double _ackGapSeconds; // smoothed time between acknowledgements that move; 0 before the first

    /// <summary>
    /// Ships the file at <paramref name="path"/> (an unreadable file ships as its error); true when the coordinator
    /// acknowledged all of it, or every byte of it when only the end's acknowledgement never came. Failures of NATS or of
    /// the file are logged, never thrown.
    /// </summary>
    public async Task<bool> ShipAsync(string path, CancellationToken stop)
    {
        long size = 0;
        try
        {
            await using var acks = await nats.SubscribeCoreAsync<byte[]>(Subjects.PhoutAck(runId, index), cancellationToken: stop).ConfigureAwait(false);
            FileStream? file = null;
            string? error = null;
            try
            {
                file = File.OpenRead(path);
                size = file.Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = e.Message;
            }
            await using (file)
            {
                if (!await SendAllAsync(acks, file, size, error, stop).ConfigureAwait(false))
                    return false;
            }
            log(error is null
                ? $"run {runId}: phout shipped to the coordinator ({size} bytes)"
                : $"run {runId}: phout could not be read ({error}); the coordinator was told");
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return await GiveUpAsync(size, "the agent is stopping").ConfigureAwait(false);
        }
        catch (NatsException e)
        {
            return await GiveUpAsync(size, $"NATS failed ({e.Message})").ConfigureAwait(false);
        }
    }

    /// <summary>Sends every chunk and the last, resending until acknowledged; false when it gave up (said in the log).</summary>
    private async Task<bool> SendAllAsync(INatsSub<byte[]> acks, FileStream? file, long size, string? error, CancellationToken stop)
    {
        var buffer = new byte[settings.ChunkSize];
        var next = 0L;
        var lastQueued = false;
        var progressAt = Stopwatch.GetTimestamp();
        var sentAt = progressAt;
        while (true)
        {
            while (!lastQueued && _window.Count < settings.Window)
            {
                var read = 0;
                if (file is not null && error is null)
                {
                    try
                    {
                        read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, stop).ConfigureAwait(false);
                    }
                    catch (IOException e)
                    {
                        error = e.Message;
                    }
                }
                var chunk = read > 0 ? new PhoutChunk(index, next, buffer[..read], false, null, size) : new PhoutChunk(index, next, [], true, error, size);
                lastQueued = chunk.Last;
                var message = Wire.Encode(chunk);
                _window.Enqueue(new Unacknowledged(next++, read, message));
                await PublishAsync(message, stop).ConfigureAwait(false);
                sentAt = Stopwatch.GetTimestamp();
            }
            if (_window.Count == 0)
                return true;
            var quiet = Stopwatch.GetElapsedTime(progressAt);
            if (quiet >= settings.Patience)
            {
                return await GiveUpAsync(size, $"nothing acknowledged for {settings.Patience.TotalSeconds:0.#} s " +
                    "(the coordinator or NATS is gone, or only the acknowledgements were lost)").ConfigureAwait(false);
            }
            var idle = Stopwatch.GetElapsedTime(sentAt);
            if (idle >= _resendAfter)
            {
                foreach (var unacknowledged in _window)
                    await PublishAsync(unacknowledged.Message, stop).ConfigureAwait(false);
                sentAt = Stopwatch.GetTimestamp();
                _resendAfter = Min(_resendAfter * 2, settings.MaxResend);
                continue;
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
            wait.CancelAfter(Min(_resendAfter - idle, settings.Patience - quiet));
            try
            {
                if (!await acks.Msgs.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    return await GiveUpAsync(size, "the connection to NATS closed").ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                continue; // time to resend, or to give up
            }
            if (TakeAcknowledgements(acks))
            {
                var gap = Stopwatch.GetElapsedTime(progressAt).TotalSeconds;
                _ackGapSeconds = _ackGapSeconds == 0 ? gap : (7 * _ackGapSeconds + gap) / 8;
                // Acknowledgements that take long (a slow link, a busy coordinator) must not look like losses.
                _resendAfter = Min(Max(TimeSpan.FromSeconds(4 * _ackGapSeconds), settings.FirstResend), settings.MaxResend);
                progressAt = sentAt = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Drops the acknowledged chunks from the window; true when some were.</summary>
    private bool TakeAcknowledgements(INatsSub<byte[]> acks)
    {
        var moved = false;
        while (acks.Msgs.TryRead(out var msg))
        {
            if (Wire.Decode<PhoutAck>(msg.Data) is not { } ack || ack.Written <= _acknowledged)
                continue;
            _acknowledged = ack.Written;
            while (_window.TryPeek(out var oldest) && oldest.Sequence <= _acknowledged)
                _acknowledgedBytes += _window.Dequeue().Bytes;
            moved = true;
        }
        return moved;
    }

    /// <summary>Publishes, waiting no longer than a resend would (NATS reconnecting): an unsent chunk goes out with the next resend.</summary>
    private async Task PublishAsync(byte[] message, CancellationToken stop)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(_resendAfter);
            await nats.PublishAsync(_subject, message, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException || (e is OperationCanceledException && !stop.IsCancellationRequested))
        {
        }
    }

    /// <summary>
    /// Says what was not shipped, and tells the coordinator, if it still listens, that nothing more comes, so it need not
    /// wait out its patience to call the file incomplete. When every byte was acknowledged and only the end was not, nothing
    /// is lost (the coordinator calls a file whole when it holds the size the chunks gave), and the agent does not say so.
    /// </summary>
    /// <returns>True when nothing is missing after all: the file counts as shipped, and the agent keeps no copy of it.</returns>
    private async Task<bool> GiveUpAsync(long size, string why)
    {
        var whole = size > 0 && _acknowledgedBytes == size;
        log(whole
            ? $"run {runId}: phout's {size} bytes all acknowledged by the coordinator, its end not ({why}); nothing is missing"
            : $"run {runId}: phout not shipped in full: {size - _acknowledgedBytes} of {size} bytes (chunks from {_acknowledged + 1} on) " +
                $"not acknowledged by the coordinator: {why}; giving up");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await nats.PublishAsync(_subject, Wire.Encode(new PhoutChunk(index, -1, [], true, why, size, GaveUp: true)), cancellationToken: timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
        }
        return whole;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record Unacknowledged(long Sequence, int Bytes, byte[] Message);
}
