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
    /// <summary>The run started; <paramref name="runId"/> is its id in the run store (null when the store failed).</summary>
    void Started(long? runId, Plan plan);

    /// <summary>A sealed slice (copy what you need: its stats are recycled after the call).</summary>
    /// <param name="slice">One second of one tag, or of all tags.</param>
    /// <param name="gauges">Users, in flight and planned rate, sampled when the row of all tags was sealed; null on tags' rows.</param>
    void Second(SeriesSlice slice, RunGauges? gauges);
}
