using System.Buffers;
using System.Runtime.CompilerServices;
using Barrage.Engine;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>
/// A compiled request. Without macros it is one <see cref="PreparedRequest"/>, serialized once by the transport
/// and shared by every user; with macros, or when the user's session adds cookies or a Digest answer, it is rendered
/// per send into a pooled buffer (see <see cref="RequestRenderer"/>).
/// </summary>
internal sealed class RequestStep : Step
{
    private readonly RequestRenderer _renderer;
    private readonly TimeSpan? _timeout;
    private readonly (Template User, Template Password)? _digest;
    private readonly ResponseRules _rules;
    private readonly bool _http2;

    public RequestStep(PreparedRequest? fixedRequest, RequestRenderer renderer, TimeSpan? timeout, bool debug, (Template, Template)? digest = null,
        ResponseRules? rules = null, bool capture = false, bool http2 = false)
    {
        _http2 = http2;
        _renderer = renderer;
        _timeout = timeout;
        _digest = digest;
        _rules = rules ?? ResponseRules.None;
        // Debug output, per-request timeouts, a response to read (checks, extraction, cookies) and a connection of its
        // own (HTTP/2) need the step itself, so such a request leaves the fast path.
        Fixed = timeout is null && !debug && !capture && _rules.IsEmpty && !http2 ? fixedRequest : null;
        Prepared = fixedRequest;
    }

    /// <summary>The request when it is fixed and has nothing to do per send: the runner sends it directly.</summary>
    public PreparedRequest? Fixed { get; }

    /// <summary>The request when it has no macros.</summary>
    public PreparedRequest? Prepared { get; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        // A Digest challenge that comes with a 401 is answered at once, as browsers do: the 401 is a sample too.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (soft.IsCancellationRequested || user.Hard.IsCancellationRequested)
                return false;
            var challenge = user.Session.Digest;
            var result = await SendAsync(user, transport);
            if (user.Failed != CheckFailureAction.Continue)
                return false; // a check asked to end the iteration, the user or the test
            if (result.StatusCode != 401 || _digest is null || ReferenceEquals(user.Session.Digest, challenge))
                break;
        }
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TransportResult> SendAsync(VirtualUser user, ITransport transport)
    {
        var runtime = user.Runtime;
        byte[]? rented = null;
        var request = Prepared;
        if (request is null || user.Session.IsActive)
            (request, rented) = _renderer.Render(user, user.Session.IsActive ? SessionFor(user) : null);
        if (runtime.Debug)
            runtime.Log!.Write(DebugText.Request(user, request));

        if (_http2)
            transport = user.Http2For(transport);
        var scheduled = ActivitySample.TakeScheduled(user);
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
        var sample = timer.Ended(request, start, scheduled, result);
        foreach (var group in GroupScope.Open ?? [])
            group.Add(result);
        if (runtime.Debug)
            runtime.Log!.Write(DebugText.Response(user, request, result));
        // Only Set-Cookie and WWW-Authenticate matter to the session; most responses have neither and their
        // headers are then never made into strings.
        if (result.Response is { } response && (response.HasHeader("Set-Cookie") || response.HasHeader("WWW-Authenticate")))
        {
            foreach (var (name, value) in response.Headers)
                user.Session.OnResponseHeader(request.Uri, name, value);
        }
        CheckVerdicts.Apply(user, _rules, new CheckInput(result, sample.TotalUs), request.Tag, sample.StartUs);
        result.Response?.ReleaseParsed();
        return result;
    }

    // A method of its own: a lambda capturing user inside SendAsync would allocate its closure on every send.
    private Func<Uri, string, IEnumerable<KeyValuePair<string, string>>> SessionFor(VirtualUser user) =>
        (uri, target) => SessionHeaders(user, uri, target);

    private List<KeyValuePair<string, string>> SessionHeaders(VirtualUser user, Uri uri, string target)
    {
        var headers = new List<KeyValuePair<string, string>>(2);
        if (user.Session.CookieHeader(uri) is { Length: > 0 } cookies)
            headers.Add(new("Cookie", cookies));
        if (_digest is var (name, password) && user.Session.Digest is { } challenge)
            headers.Add(new("Authorization", challenge.Answer(_renderer.Method, target, name.Render(user), password.Render(user), user.Random)));
        return headers;
    }
}
