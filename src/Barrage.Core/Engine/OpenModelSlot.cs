using Barrage.Scenarios;

namespace Barrage.Engine;

/// <summary>One place for the open model's arrivals to run: a virtual user (its connection and its session's state).</summary>
/// <param name="user">The slot's user.</param>
/// <param name="lane">The lane (event loop) that drives the user's connection; 0 when pacing has a single lane.</param>
internal sealed class OpenModelSlot(VirtualUser user, int lane)
{
    public VirtualUser User { get; } = user;

    /// <summary>The lane that drives the slot's connection: a free slot waits on its lane's list.</summary>
    public int Lane { get; } = lane;

    /// <summary>True once the slot ran its set-up (<c>init</c>).</summary>
    public bool Initialized { get; set; }
}
