using Barrage.Plans;

namespace Barrage.Scenarios;

/// <summary>Adds activities to a sequence in order; every method returns the builder, so steps chain.</summary>
public sealed class ActivityListBuilder
{
    private readonly List<Activity> _steps = [];

    internal static IReadOnlyList<Activity> Build(Action<ActivityListBuilder> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var builder = new ActivityListBuilder();
        steps(builder);
        return [.. builder._steps];
    }

    /// <summary>Adds any activity, a plugin's included.</summary>
    public ActivityListBuilder Add(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        _steps.Add(activity);
        return this;
    }

    /// <summary>A request; <paramref name="configure"/> sets its options (<c>r =&gt; r with { Tag = "items" }</c>).</summary>
    public ActivityListBuilder Request(string method, string url, Func<RequestActivity, RequestActivity>? configure = null)
    {
        var request = new RequestActivity { Method = method.ToUpperInvariant(), Url = url };
        return Add(configure is null ? request : configure(request));
    }

    /// <summary>A GET request.</summary>
    public ActivityListBuilder Get(string url, Func<RequestActivity, RequestActivity>? configure = null) => Request("GET", url, configure);

    /// <summary>A POST request.</summary>
    public ActivityListBuilder Post(string url, Func<RequestActivity, RequestActivity>? configure = null) => Request("POST", url, configure);

    /// <summary>A pause.</summary>
    public ActivityListBuilder Think(ThinkTime time) => Add(new ThinkActivity(time));

    /// <summary>Branches in flight at once, at most <paramref name="limit"/> at a time.</summary>
    public ActivityListBuilder Parallel(Action<ActivityListBuilder> branches, int? limit = null) => Add(new ParallelActivity(Build(branches), limit));

    /// <summary>Steps repeated <paramref name="count"/> times.</summary>
    public ActivityListBuilder Repeat(long count, Action<ActivityListBuilder> steps) => Add(new LoopActivity(Build(steps), Count: count));

    /// <summary>Steps repeated while <paramref name="condition"/> holds (at most <paramref name="max"/> times).</summary>
    public ActivityListBuilder While(string condition, Action<ActivityListBuilder> steps, long? max = null) => Add(new LoopActivity(Build(steps), max, condition));

    /// <summary>Steps run when <paramref name="condition"/> holds, else the others.</summary>
    public ActivityListBuilder If(string condition, Action<ActivityListBuilder> then, Action<ActivityListBuilder>? otherwise = null) =>
        Add(new IfActivity(condition, Build(then), otherwise is null ? [] : Build(otherwise)));

    /// <summary>A named transaction with its own result row.</summary>
    public ActivityListBuilder Group(string name, Action<ActivityListBuilder> steps) => Add(new GroupActivity(name, Build(steps)));

    /// <summary>Runs a named sequence <paramref name="times"/> times.</summary>
    public ActivityListBuilder Call(string sequence, long times = 1) => Add(new CallActivity(sequence, times));

    /// <summary>Sets a variable; the value may hold macros.</summary>
    public ActivityListBuilder Set(string name, string value) => Add(new SetActivity([new(name, value)]));

    /// <summary>Writes a line to the run's log.</summary>
    public ActivityListBuilder Log(string message) => Add(new LogActivity(message));

    /// <summary>Opens a web socket (<c>ws_connect</c>); <paramref name="configure"/> sets its name, headers, subprotocol...</summary>
    public ActivityListBuilder WsConnect(string url, Func<WebSocketConnectActivity, WebSocketConnectActivity>? configure = null) =>
        Add(Configure(new WebSocketConnectActivity { Url = url }, configure));

    /// <summary>Sends a text message on a web socket (<c>ws_send</c>); <paramref name="configure"/> sets its socket, <c>Binary</c>...</summary>
    public ActivityListBuilder WsSend(string message, Func<WebSocketSendActivity, WebSocketSendActivity>? configure = null) =>
        Add(Configure(new WebSocketSendActivity { Message = message }, configure));

    /// <summary>Waits for a message on a web socket (<c>ws_receive</c>); <paramref name="configure"/> sets its timeout, pattern, extractions...</summary>
    public ActivityListBuilder WsReceive(Func<WebSocketReceiveActivity, WebSocketReceiveActivity>? configure = null) =>
        Add(Configure(new WebSocketReceiveActivity(), configure));

    /// <summary>Closes a web socket (<c>ws_close</c>); <paramref name="configure"/> sets which one.</summary>
    public ActivityListBuilder WsClose(Func<WebSocketCloseActivity, WebSocketCloseActivity>? configure = null) =>
        Add(Configure(new WebSocketCloseActivity(), configure));

    /// <summary>An activity of code of its own (a plugin's class, or one written for this scenario), named <paramref name="kind"/>.</summary>
    public ActivityListBuilder Custom(string kind, ICustomActivity activity)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(activity);
        return Add(new CustomActivity(kind, activity));
    }

    private static T Configure<T>(T activity, Func<T, T>? configure)
        where T : Activity => configure is null ? activity : configure(activity);
}
