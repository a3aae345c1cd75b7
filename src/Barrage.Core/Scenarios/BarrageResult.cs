using Barrage.Engine;
using Barrage.Metrics;

namespace Barrage.Scenarios;

/// <summary>What a <see cref="BarrageRunner"/> run gives back: how it ended and its results, in all and per tag.</summary>
public sealed record BarrageResult
{
    /// <summary>Why and when the run ended.</summary>
    public required RunOutcome Outcome { get; init; }

    /// <summary>Every sample of the run.</summary>
    public required Aggregate Total { get; init; }

    /// <summary>The samples of each tag: requests by their tag, groups by their name.</summary>
    public required IReadOnlyDictionary<string, Aggregate> ByTag { get; init; }
}
