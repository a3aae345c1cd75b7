using Barrage.Plans;

namespace Barrage.Cluster.Protocol;

/// <summary>
/// The coordinator's offer of a run to one agent: the plan travelling whole, the options the coordinator's
/// command line added, the target every agent loads, and the agent's place among <c>Count</c>. <c>Ammo</c>, when the
/// run has some, names its file by its key in the bundle. <c>CollectPhout</c>: ship the share's phout back after the run.
/// <c>Protocol</c>: the one the coordinator speaks (<see cref="Wire.Protocol"/>; 0 from builds that sent none).
/// </summary>
internal sealed record RunOffer(
    string RunId, string TokenHash, int Index, int Count, PlanBundle Bundle, PlanOverrides Overrides,
    string BaseAddress, AmmoSpec? Ammo, bool Insecure, bool CollectPhout = false, int Protocol = 0);
