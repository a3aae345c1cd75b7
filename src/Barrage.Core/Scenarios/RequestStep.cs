using System.Buffers;
using System.Runtime.CompilerServices;
using Barrage.Engine;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>
/// A compiled request. Without macros it is one <see cref="PreparedRequest"/>, serialized once by the transport
/// and shared by every user; with macros it is rendered per send into a pooled buffer (see <see cref="RequestRenderer"/>).
/// </summary>
internal sealed class RequestStep : Step
{
    private readonly RequestRenderer? _renderer;
    private readonly TimeSpan? _timeout;

    public RequestStep(PreparedRequest? fixedRequest, RequestRenderer? renderer, TimeSpan? timeout, bool debug)
    {
        _renderer = renderer;
        _timeout = timeout;
        // Debug output and per-request timeouts need the step itself, so such a request leaves the fast path.
        Fixed = timeout is null && !debug ? fixedRequest : null;
        Prepared = fixedRequest;
    }

    /// <summary>The request when it is fixed and has nothing to do per send: the runner sends it directly.</summary>
    public PreparedRequest? Fixed { get; }

    /// <summary>The request when it has no macros.</summary>
    public PreparedRequest? Prepared { get; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        if (soft.IsCancellationRequested || user.Hard.IsCancellationRequested)
            return false;
        var runtime = user.Runtime;
        byte[]? rented = null;
        var request = Prepared;
        if (request is null)
            (request, rented) = _renderer!.Render(user);
        if (runtime.Debug)
            runtime.Log!.Write(DebugText.Request(user, request));

        var scheduled = user.ScheduledUs;
        user.ScheduledUs = null;
        var timer = runtime.Timer;
        TransportResult result;
        long start;
        try
        {
            if (_timeout is { } timeout)
            {
                using var limit = new CancellationTokenSource(timeout, runtime.Time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, user.Hard);
                start = timer.Starting();
                result = await GuardedSend.Start(transport, request, linked.Token);
                if (result.NetCode == NetCodes.Cancelled && limit.IsCancellationRequested && !user.Hard.IsCancellationRequested)
                    result = result with { NetCode = NetCodes.Timeout };
            }
            else
            {
                start = timer.Starting();
                result = await GuardedSend.Start(transport, request, user.Hard);
            }
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
        timer.Ended(request, start, scheduled, result);
        foreach (var group in user.OpenGroups)
            group.Add(result);
        if (runtime.Debug)
            runtime.Log!.Write(DebugText.Response(user, request, result));
        // Checks and extraction plug in here, on the response of this request.
        return true;
    }
}
