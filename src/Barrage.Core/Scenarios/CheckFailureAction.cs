namespace Barrage.Scenarios;

/// <summary>What a user does when a check (or an extraction) fails, weakest first.</summary>
public enum CheckFailureAction
{
    /// <summary>Counts the failure and goes on (<c>continue</c>, the default).</summary>
    Continue,

    /// <summary>Ends this iteration of <c>main</c>; the next one starts as usual (<c>abort_iteration</c>).</summary>
    AbortIteration,

    /// <summary>Ends this user (its <c>end</c> sequence still runs); the others go on (<c>stop_user</c>).</summary>
    StopUser,

    /// <summary>Stops the whole test (<c>stop_test</c>).</summary>
    StopTest,
}
