namespace Barrage.Cli;

/// <summary>The process exit codes; documented in the README, stable for scripts and CI.</summary>
internal static class ExitCodes
{
    /// <summary>The test ran (whatever the target answered).</summary>
    public const int Ok = 0;

    /// <summary>Thresholds failed (reserved for thresholds).</summary>
    public const int ThresholdsFailed = 1;

    /// <summary>Bad input: the plan, a file, or the command-line options.</summary>
    public const int BadInput = 2;

    /// <summary>The target could not be reached at all.</summary>
    public const int TargetUnreachable = 3;

    /// <summary>An autostop criterion, or a check with <c>on_failure: stop_test</c>, stopped the test early; results measured so far were still written.</summary>
    public const int Autostopped = 4;

    /// <summary>A cluster run could not start: NATS unreachable, too few agents within the timeout, or an agent refused the plan.</summary>
    public const int ClusterFailed = 5;

    /// <summary>
    /// The test passed (it would have exited 0), but a result it was asked to write could not be written in full: phout
    /// lines lost, summary.json, the report, agents.json or the jsonl output (a full disk, a permission); each is named
    /// in an error line. A CI job must not take a pass with missing files for a pass.
    /// </summary>
    public const int ResultsIncomplete = 6;

    /// <summary>A bug in Barrage (an exception nobody expected).</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted by Ctrl-C or SIGTERM; results measured so far were still written.</summary>
    public const int Interrupted = 130;
}
