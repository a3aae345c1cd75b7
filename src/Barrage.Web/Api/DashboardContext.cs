using Barrage.Reporting.Store;
using Barrage.Web.Live;
using Barrage.Web.Plans;

namespace Barrage.Web.Api;

/// <summary>What the endpoints share: the store's path, the plans folder and the runs being followed.</summary>
internal sealed class DashboardContext(DashboardOptions options, RunControl runs)
{
    public DashboardOptions Options { get; } = options;

    public RunControl Runs { get; } = runs;

    public PlanCatalog Plans { get; } = new(options.PlansDirectory);

    /// <summary>Opens the store for one request (the store is not thread-safe; SQLite shares the file).</summary>
    public RunStore OpenStore() => RunStore.Open(Options.StorePath);

    public string RunsDirectory => Options.RunsDirectory
        ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Options.StorePath)) ?? ".", "runs");
}
