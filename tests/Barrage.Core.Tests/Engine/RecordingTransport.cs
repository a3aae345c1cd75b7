using System.Collections.Concurrent;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// A transport for engine tests: answers every request with 200 after <see cref="Latency"/> of the given
/// clock (or at once), and records what each user sent, in order.
/// </summary>
internal sealed class RecordingTransport(TimeProvider time, TimeSpan latency) : ITransportFactory
{
    private int _users;

    public TimeSpan Latency { get; } = latency;

    public TimeProvider Time { get; } = time;

    public ConcurrentDictionary<int, List<string>> SentByUser { get; } = new();

    public ConcurrentBag<int> Disposed { get; } = [];

    public int Sent => SentByUser.Values.Sum(l => l.Count);

    public ITransport Create() => new User(this, Interlocked.Increment(ref _users));

    private sealed class User(RecordingTransport owner, int id) : ITransport
    {
        public async ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
        {
            owner.SentByUser.GetOrAdd(id, _ => []).Add(request.Tag);
            if (owner.Latency > TimeSpan.Zero)
            {
                // Wakes inline on the fake clock and on cancellation alike, so tests stay deterministic.
                if (!await ClockWait.DelayAsync(owner.Time, owner.Latency, cancellationToken))
                    return TransportResult.Failed(NetCodes.Cancelled);
            }
            return new TransportResult(0, 1, 2, 3, 10, 20, NetCodes.Ok, 200);
        }

        public ValueTask DisposeAsync()
        {
            owner.Disposed.Add(id);
            return ValueTask.CompletedTask;
        }
    }
}
