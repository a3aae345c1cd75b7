using Barrage.Plans;
using Barrage.Web.Live;

namespace Barrage.Web;

/// <summary>Runs a plan for the dashboard's Start page (the command line provides it: the dashboard knows no engine).</summary>
public interface IRunLauncher
{
    /// <summary>Runs <paramref name="plan"/> to its end, feeding <paramref name="live"/>; returns the exit code.</summary>
    /// <param name="plan">The plan, overrides applied.</param>
    /// <param name="outputDirectory">The run directory for phout.log, summary.json and the reports.</param>
    /// <param name="live">Where the run's seconds go.</param>
    /// <param name="stop">Cancelled by the Stop button (or the dashboard's shutdown): stops the run gracefully.</param>
    Task<int> RunAsync(Plan plan, string outputDirectory, ILiveRunFeed live, CancellationToken stop);
}
