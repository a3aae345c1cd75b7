namespace Barrage.Engine;

/// <summary>One check's verdict on one response, as sinks count it: per check name and tag, apart from transport errors.</summary>
public readonly record struct CheckSample
{
    /// <summary>The tag of the request the check judged.</summary>
    public required string Tag { get; init; }

    /// <summary>The check's name (<c>status 200</c>, <c>extract token</c>, or the name given).</summary>
    public required string Check { get; init; }

    /// <summary>True when the response met the check.</summary>
    public required bool Passed { get; init; }

    /// <summary>The judged request's start, µs since the run started (its sample's <see cref="Sample.StartUs"/>): the second it is counted in.</summary>
    public required long StartUs { get; init; }
}
