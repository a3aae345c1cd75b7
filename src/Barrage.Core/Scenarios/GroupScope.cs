namespace Barrage.Scenarios;

/// <summary>
/// The groups a step runs inside, innermost last. Flows with the async context, so the branches of a parallel
/// step each see the groups around them and not those a sibling branch opens.
/// </summary>
internal static class GroupScope
{
    private static readonly AsyncLocal<GroupTiming[]?> s_open = new();

    /// <summary>The open groups; null outside any.</summary>
    public static GroupTiming[]? Open => s_open.Value;

    /// <summary>Opens <paramref name="group"/> for the rest of the calling async method (and what it calls).</summary>
    public static void Enter(GroupTiming group) => s_open.Value = [.. s_open.Value ?? [], group];
}
