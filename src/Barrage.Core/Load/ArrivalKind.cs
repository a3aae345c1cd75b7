namespace Barrage.Load;

/// <summary>How arrivals are spread within a rate schedule.</summary>
public enum ArrivalKind
{
    /// <summary>Evenly spaced: the k-th arrival comes when the planned count reaches k (Phantom's way).</summary>
    Even,

    /// <summary>A Poisson process at the scheduled rate: exponential gaps, from a seed.</summary>
    Poisson,
}
