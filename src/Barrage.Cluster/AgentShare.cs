using Barrage.Engine;
using Barrage.Load;

namespace Barrage.Cluster;

/// <summary>One agent's part of a cluster run, for the breakdown: what it sent and whether it was lost.</summary>
public sealed class AgentShare
{
    internal AgentShare(string id, string name, LoadShare share)
    {
        Id = id;
        Name = name;
        Share = share;
    }

    /// <summary>The agent's unique id on NATS.</summary>
    public string Id { get; }

    /// <summary>The agent's name.</summary>
    public string Name { get; }

    /// <summary>The machine it runs on, as it says; <c>-</c> when it did not say.</summary>
    public string Host { get; internal init; } = "-";

    /// <summary>Its place among the agents.</summary>
    public LoadShare Share { get; }

    /// <summary>Its clock against the coordinator's, measured before the start.</summary>
    public ClockOffset? Offset { get; internal set; }

    /// <summary>Requests it reported.</summary>
    public long Requests { get; internal set; }

    /// <summary>Errors (transport or HTTP ≥ 400) it reported.</summary>
    public long Errors { get; internal set; }

    /// <summary>Open model: arrivals it dropped.</summary>
    public long Dropped { get; internal set; }

    /// <summary>True once it reported its end.</summary>
    public bool Done { get; internal set; }

    /// <summary>Seconds into the run when it went missing; null while it is heard.</summary>
    public double? LostAfterSeconds { get; internal set; }

    /// <summary>Where its phout was collected (<c>--collect-phout</c>); null when it was not.</summary>
    public string? PhoutPath { get; internal set; }

    /// <summary>
    /// Why its collected phout is not its whole file, with how much is missing (what arrived in order is at
    /// <see cref="PhoutPath"/>); null when it was collected whole or not collected.
    /// </summary>
    public string? PhoutIncomplete { get; internal set; }

    /// <summary>An error the agent reported at its end, if any.</summary>
    public string? Error { get; internal set; }

    /// <summary>Why its share stopped, as it reported at its end; null before then or when it failed.</summary>
    public StopReason? EndReason { get; internal set; }
}
