namespace Barrage.Engine;

/// <summary>Why a run ended.</summary>
public enum StopReason
{
    /// <summary>The planned duration passed, or every user finished its iterations.</summary>
    Completed,

    /// <summary>Stopped from outside (Ctrl-C, a Stop button) before the plan was done.</summary>
    Interrupted,

    /// <summary>An autostop criterion fired (the host stopped the run and says which).</summary>
    Autostopped,

    /// <summary>A data feeder with <c>order: unique</c> ran out of rows: every row was used once (see <see cref="Scenarios.DataFeeder.ExhaustedMessage"/>).</summary>
    DataExhausted,

    /// <summary>A check with <c>on_failure: stop_test</c> failed.</summary>
    StoppedByCheck,
}
