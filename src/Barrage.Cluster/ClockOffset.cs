namespace Barrage.Cluster;

/// <summary>
/// An agent's clock against the coordinator's, measured NTP-style over round trips: the agent's reading is
/// taken to be from the middle of the round trip, and the round trip with the shortest time is trusted most.
/// </summary>
/// <param name="OffsetUs">Agent clock minus coordinator clock, µs.</param>
/// <param name="UncertaintyUs">Half the shortest round trip, µs: the offset is right within this.</param>
public sealed record ClockOffset(long OffsetUs, long UncertaintyUs)
{
    /// <summary>The offset from round trips of (coordinator sent, agent's reading, coordinator received), µs each.</summary>
    public static ClockOffset From(IEnumerable<(long SentUs, long AgentUs, long ReceivedUs)> roundTrips)
    {
        ArgumentNullException.ThrowIfNull(roundTrips);
        var trips = roundTrips.ToList();
        if (trips.Count == 0)
            throw new ArgumentException("No round trip.", nameof(roundTrips));
        var best = trips.MinBy(r => r.ReceivedUs - r.SentUs);
        var rtt = best.ReceivedUs - best.SentUs;
        return new ClockOffset(best.AgentUs - (best.SentUs + rtt / 2), rtt / 2);
    }

    /// <summary>"+1.25 ms (±0.10 ms)".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{OffsetUs / 1000.0:+0.00;-0.00} ms (±{UncertaintyUs / 1000.0:0.00} ms)");
}
