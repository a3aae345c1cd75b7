using Barrage.Scenarios;

namespace Barrage.Engine;

/// <summary>One place for the open model's arrivals to run: a virtual user (its connection and its session's state).</summary>
internal sealed class OpenModelSlot(VirtualUser user)
{
    public VirtualUser User { get; } = user;

    /// <summary>True once the slot ran its set-up (<c>init</c>).</summary>
    public bool Initialized { get; set; }
}
