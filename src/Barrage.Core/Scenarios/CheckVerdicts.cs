namespace Barrage.Scenarios;

/// <summary>Runs a step's checks and extractions on what it got, and makes the user do what a failure asks (<c>on_failure</c>).</summary>
internal static class CheckVerdicts
{
    /// <summary>Applies <paramref name="rules"/>; afterwards <see cref="VirtualUser.Failed"/> says whether the user goes on.</summary>
    public static void Apply(VirtualUser user, ResponseRules rules, in CheckInput input, string tag, long startUs)
    {
        if (rules.IsEmpty)
            return;
        var runtime = user.Runtime;
        List<CheckOutcome>? outcomes = runtime.Debug ? [] : null;
        var action = rules.Apply(input, user, runtime.Timer.Sink, tag, startUs, outcomes);
        if (outcomes is not null)
        {
            foreach (var outcome in outcomes.Where(o => !o.Passed))
                runtime.Log!.Write($"user {user.UserId}: check failed: {outcome.Name}: {outcome.Message}");
        }
        if (action == CheckFailureAction.Continue)
            return;
        user.Failed = action > user.Failed ? action : user.Failed;
        if (action == CheckFailureAction.StopTest)
            runtime.RequestStop(Engine.StopReason.StoppedByCheck, $"a check of '{tag}' failed with on_failure: stop_test; the test stops");
    }
}
