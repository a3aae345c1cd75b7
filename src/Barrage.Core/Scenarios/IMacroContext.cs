namespace Barrage.Scenarios;

/// <summary>What macros read while rendering: the user's variables and its built-in values.</summary>
internal interface IMacroContext : IVariableScope
{
    /// <summary>The user's number, from 1.</summary>
    long UserId { get; }

    /// <summary>The iteration of main the user is in, from 0; -1 in init.</summary>
    long Iteration { get; }

    /// <summary>The user's seeded random source.</summary>
    Random Random { get; }

    /// <summary>The next value of the run-wide counter of <c>${counter()}</c>.</summary>
    long NextCounter();

    /// <summary>Now, as Unix milliseconds, from the run's clock.</summary>
    long NowUnixMilliseconds { get; }
}
