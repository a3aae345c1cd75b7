namespace Barrage.Cluster.Protocol;

/// <summary>An agent's live counts, summed by the coordinator for its live view and summary.</summary>
internal sealed record ProgressCounts(
    int ActiveUsers, int PlannedUsers, int InFlight, long Planned, long Due, long Sent, long Completed, long Dropped, int Waiting);
