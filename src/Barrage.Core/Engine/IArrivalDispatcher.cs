namespace Barrage.Engine;

/// <summary>Where a pacer hands its due arrivals: the open model's slots, their line and their <c>late_after</c>.</summary>
internal interface IArrivalDispatcher
{
    /// <summary>Starts the arrival scheduled at <paramref name="scheduledUs"/> on a free slot (preferably one of <paramref name="lane"/>), or puts it in line.</summary>
    void Dispatch(int lane, long scheduledUs);

    /// <summary>Drops the arrivals in line that can no longer start in time.</summary>
    void ExpireWaiting();

    /// <summary>True while arrivals wait in line for a slot (a hint: read without a lock, from the lane's thread).</summary>
    bool HasWaiting { get; }
}
