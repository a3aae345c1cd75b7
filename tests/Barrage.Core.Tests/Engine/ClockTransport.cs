using System.Collections.Concurrent;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// A transport for open-model tests: answers 200 after <c>latency</c> on the given clock; a cancelled request
/// ends at once with <see cref="NetCodes.Cancelled"/>, inline, so a fake clock's run stays one sequence.
/// Counts the transports made (slots) and the most requests in flight at once.
/// </summary>
internal sealed class ClockTransport(TimeProvider time, TimeSpan latency) : ITransportFactory
{
    private int _made;
    private int _inFlight;
    private int _most;

    public int Made => Volatile.Read(ref _made);

    public int MostInFlight => Volatile.Read(ref _most);

    public ConcurrentQueue<string> Sent { get; } = new();

    public ITransport Create()
    {
        Interlocked.Increment(ref _made);
        return new Slot(this);
    }

    private sealed class Slot(ClockTransport owner) : ITransport
    {
        public async ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
        {
            owner.Sent.Enqueue(request.Tag);
            var now = Interlocked.Increment(ref owner._inFlight);
            int most;
            while (now > (most = Volatile.Read(ref owner._most)) && Interlocked.CompareExchange(ref owner._most, now, most) != most)
            {
            }
            var completed = await ClockWait.DelayAsync(owner.Time, owner.Latency, cancellationToken).ConfigureAwait(false);
            Interlocked.Decrement(ref owner._inFlight);
            return completed ? new TransportResult(0, 1, 2, 3, 10, 20, NetCodes.Ok, 200) : TransportResult.Failed(NetCodes.Cancelled);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private TimeProvider Time { get; } = time;

    private TimeSpan Latency { get; } = latency;
}
