using Barrage.Cluster;
using Barrage.Plans;

namespace Barrage.Cli.Commands;

/// <summary>A run across agents: how to coordinate, and the command line's overrides that every agent applies to the plan too.</summary>
internal sealed record ClusterLaunch(ClusterOptions Options, PlanOverrides Overrides);
