using System.Runtime.CompilerServices;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// Awaits one transport send and turns an exception from it into a failed result, so that a misbehaving
/// transport cannot end a user's run. An awaitable struct instead of a try/catch in an async helper: the
/// runner's loop awaits it directly, with no state machine per request.
/// </summary>
internal readonly struct GuardedSend : ICriticalNotifyCompletion
{
    private readonly ValueTask<TransportResult> _send;
    private readonly CancellationToken _hard;

    private GuardedSend(ValueTask<TransportResult> send, CancellationToken hard)
    {
        _send = send;
        _hard = hard;
    }

    public bool IsCompleted => _send.IsCompleted;

    /// <summary>Starts sending <paramref name="request"/>; a transport that throws at once gives a failed result.</summary>
    public static GuardedSend Start(ITransport transport, PreparedRequest request, CancellationToken hard)
    {
        try
        {
            return new GuardedSend(transport.SendAsync(request, hard), hard);
        }
#pragma warning disable CA1031 // A transport is not supposed to throw; if one does, the run keeps its results.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new GuardedSend(new ValueTask<TransportResult>(Failed(hard)), hard);
        }
    }

    public GuardedSend GetAwaiter() => this;

    public TransportResult GetResult()
    {
        try
        {
            return _send.GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // As in Start.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Failed(_hard);
        }
    }

    public void OnCompleted(Action continuation) => _send.GetAwaiter().OnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) => _send.GetAwaiter().UnsafeOnCompleted(continuation);

    private static TransportResult Failed(CancellationToken hard) =>
        TransportResult.Failed(hard.IsCancellationRequested ? NetCodes.Cancelled : NetCodes.Other);
}
