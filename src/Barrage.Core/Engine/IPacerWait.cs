namespace Barrage.Engine;

/// <summary>
/// How the pacer waits for an instant. The pacer decides when (<see cref="ArrivalPacer"/>); a wait only
/// waits, on the real clock (<see cref="SpinPacerWait"/>) or on an injected one (<see cref="ClockPacerWait"/>).
/// </summary>
internal interface IPacerWait
{
    /// <summary>Returns true at <paramref name="dueUs"/> (microseconds from the run's start) or soon after, false once <paramref name="cancel"/> fires.</summary>
    ValueTask<bool> UntilAsync(long dueUs, CancellationToken cancel);
}
