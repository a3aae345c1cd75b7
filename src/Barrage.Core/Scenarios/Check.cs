namespace Barrage.Scenarios;

/// <summary>
/// A compiled check on a response (<c>status</c>, <c>body_contains</c>, <c>json</c>...): immutable, shared by every
/// user, and safe to call from many threads. Evaluating never throws; a failure is an outcome with a message.
/// </summary>
public abstract class Check
{
    /// <param name="name">The name results count it under.</param>
    /// <param name="onFailure">What the user does when it fails.</param>
    protected Check(string name, CheckFailureAction onFailure)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        OnFailure = onFailure;
    }

    /// <summary>The name results count it under: given in the plan, or derived (<c>status 200</c>).</summary>
    public string Name { get; }

    /// <summary>What the user does when it fails.</summary>
    /// <remarks>Defaults to <see cref="CheckFailureAction.Continue"/> in plans.</remarks>
    public CheckFailureAction OnFailure { get; }

    /// <summary>True when it reads headers or body, so the request must capture its response.</summary>
    public virtual bool NeedsResponse => true;

    /// <summary>Judges one response. Never throws: a bug in a check is reported as its failure.</summary>
    public CheckOutcome Evaluate(in CheckInput input) => Evaluate(input, null);

    /// <summary>Judges one response for <paramref name="user"/>, whose values fill the macros of the expected text (<c>body_contains: "${id}"</c>).</summary>
    internal CheckOutcome Evaluate(in CheckInput input, IMacroContext? user)
    {
        try
        {
            return JudgeFor(input, user) is { } problem ? CheckOutcome.Fail(Name, problem, OnFailure) : CheckOutcome.Pass(Name);
        }
        catch (Exception e)
        {
            return CheckOutcome.Fail(Name, $"the check could not run: {e.Message}", OnFailure);
        }
    }

    /// <summary>Null when <paramref name="input"/> passes, otherwise why not (<c>expected status 200, got 503</c>).</summary>
    protected abstract string? Judge(in CheckInput input);

    /// <summary><see cref="Judge"/> with the user's values, for the checks whose expected text may hold macros.</summary>
    private protected virtual string? JudgeFor(in CheckInput input, IMacroContext? user) => Judge(input);
}
