using Barrage.Cluster;
using Barrage.Plans;

namespace Barrage.Cli.Commands;

/// <summary>
/// A run across agents: how to coordinate, the command line's overrides that every agent applies to the plan too, and
/// whether the agents' phout files come back into the run directory (<c>--collect-phout</c>).
/// </summary>
internal sealed record ClusterLaunch(ClusterOptions Options, PlanOverrides Overrides, bool CollectPhout = false);
