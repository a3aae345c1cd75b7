namespace Barrage.Plans;

/// <summary>How load is generated.</summary>
public enum LoadModel
{
    /// <summary>A number of users, each looping over the scenario as fast as the target answers.</summary>
    Closed,

    /// <summary>Arrivals on a schedule, whatever the target does (arrival-rate model).</summary>
    Open,
}
