using Barrage.Engine;

namespace Barrage.Scenarios;

/// <summary>
/// The checks and extractions of one request, compiled: what a scenario runs on each of its responses. Immutable and
/// shared by every user.
/// </summary>
public sealed class ResponseRules
{
    /// <summary>No checks and no extractions.</summary>
    public static readonly ResponseRules None = new([], []);

    /// <param name="checks">Run first, in order.</param>
    /// <param name="extractors">Run after the checks, in order.</param>
    public ResponseRules(IReadOnlyList<Check> checks, IReadOnlyList<Extractor> extractors)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(extractors);
        Checks = checks;
        Extractors = extractors;
        NeedsResponse = extractors.Count > 0 || checks.Any(c => c.NeedsResponse);
    }

    /// <summary>The checks, in the order written.</summary>
    public IReadOnlyList<Check> Checks { get; }

    /// <summary>The extractions, in the order written.</summary>
    public IReadOnlyList<Extractor> Extractors { get; }

    /// <summary>True when there is nothing to run.</summary>
    public bool IsEmpty => Checks.Count == 0 && Extractors.Count == 0;

    /// <summary>
    /// True when some check or extraction reads headers or body: the request must then be sent with
    /// <see cref="Transport.PreparedRequest.CaptureResponse"/> set. Status and time checks alone need no capture.
    /// </summary>
    public bool NeedsResponse { get; }

    /// <summary>
    /// Runs every check, then every extraction (writing into <paramref name="scope"/>), records each verdict in
    /// <paramref name="sink"/> and returns what the user should do: the strongest <see cref="CheckFailureAction"/> of
    /// the failures, <see cref="CheckFailureAction.Continue"/> when all passed. Never throws for a response.
    /// </summary>
    /// <param name="input">The response and its time.</param>
    /// <param name="scope">The user's variables.</param>
    /// <param name="sink">Where verdicts are counted.</param>
    /// <param name="tag">The request's tag.</param>
    /// <param name="startUs">The request's start as its sample has it (<see cref="Sample.StartUs"/>).</param>
    /// <param name="outcomes">Gets every outcome, failures with their messages, when given (for <c>--debug</c> and logs).</param>
    public CheckFailureAction Apply(in CheckInput input, IVariableScope scope, ISampleSink sink, string tag, long startUs, ICollection<CheckOutcome>? outcomes = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var action = CheckFailureAction.Continue;
        var user = scope as IMacroContext; // whose values fill the macros of expected texts
        // By index: a foreach over an interface would allocate an enumerator per response.
        for (var i = 0; i < Checks.Count; i++)
            action = Count(Checks[i].Evaluate(input, user), sink, tag, startUs, outcomes, action);
        for (var i = 0; i < Extractors.Count; i++)
            action = Count(Extractors[i].Extract(input, scope), sink, tag, startUs, outcomes, action);
        return action;
    }

    private static CheckFailureAction Count(in CheckOutcome outcome, ISampleSink sink, string tag, long startUs, ICollection<CheckOutcome>? outcomes, CheckFailureAction action)
    {
        sink.RecordCheck(new CheckSample { Tag = tag, Check = outcome.Name, Passed = outcome.Passed, StartUs = startUs });
        outcomes?.Add(outcome);
        return outcome.Passed || outcome.OnFailure <= action ? action : outcome.OnFailure;
    }
}
