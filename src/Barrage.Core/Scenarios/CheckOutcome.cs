namespace Barrage.Scenarios;

/// <summary>A check's verdict on one response: passed or not, and why not, in words.</summary>
/// <param name="Name">The check's name, as counted in results (<c>status 200</c>, or the name given).</param>
/// <param name="Passed">True when the response met the check.</param>
/// <param name="Message">Why it failed (<c>expected status 200, got 503</c>); null when it passed.</param>
/// <param name="OnFailure">What the user should do about a failure; <see cref="CheckFailureAction.Continue"/> when it passed.</param>
public readonly record struct CheckOutcome(string Name, bool Passed, string? Message, CheckFailureAction OnFailure)
{
    /// <summary>A pass.</summary>
    public static CheckOutcome Pass(string name) => new(name, true, null, CheckFailureAction.Continue);

    /// <summary>A failure, with what to do about it.</summary>
    public static CheckOutcome Fail(string name, string message, CheckFailureAction onFailure) => new(name, false, message, onFailure);
}
