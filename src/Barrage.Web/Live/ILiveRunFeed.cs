using Barrage.Metrics.TimeSeries;
using Barrage.Plans;
using Barrage.Reporting.Export;

namespace Barrage.Web.Live;

/// <summary>
/// What a running test tells the dashboard: its start and each sealed second. Called on the run recorder's task,
/// never on the generator's, and never blocks (a slow browser only loses intermediate frames).
/// </summary>
public interface ILiveRunFeed
{
    /// <summary>The run started.</summary>
    /// <param name="runId">Its id in the run store (null when the store failed).</param>
    /// <param name="plan">The plan as run (its name and thresholds are shown).</param>
    /// <param name="totals">
    /// The run's totals so far, kept up to date before each <see cref="Second"/> call on the same task (the run recorder's):
    /// the per-tag table and the thresholds are read from them rather than added up a second time.
    /// </param>
    void Started(long? runId, Plan plan, SeriesTotals totals);

    /// <summary>A sealed slice (copy what you need: its stats are recycled after the call).</summary>
    /// <param name="slice">One second of one tag, or of all tags.</param>
    /// <param name="gauges">Users, in flight and planned rate, sampled when the row of all tags was sealed; null on tags' rows.</param>
    void Second(SeriesSlice slice, RunGauges? gauges);
}
