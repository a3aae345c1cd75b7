using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>What a <see cref="ICustomActivity"/> sees of the user running it, and how it records samples.</summary>
public interface IActivityContext
{
    /// <summary>The user's number, from 1.</summary>
    long UserId { get; }

    /// <summary>The iteration of main the user is in, from 0; -1 in init.</summary>
    long Iteration { get; }

    /// <summary>The user's seeded random source (the run's <c>seed</c> makes it repeatable).</summary>
    Random Random { get; }

    /// <summary>The user's variables: what macros read, and where an activity may leave values for later steps.</summary>
    IVariableScope Variables { get; }

    /// <summary>The address relative URLs resolve against: the plan's <c>base_url</c> or target.</summary>
    Uri BaseAddress { get; }

    /// <summary>The plan's transport options: timeouts, certificate checks.</summary>
    TransportOptions Transport { get; }

    /// <summary>Fires when work in flight must end (the end of the graceful stop).</summary>
    CancellationToken Stopping { get; }

    /// <summary>Renders <paramref name="text"/>'s macros (<c>${name}</c>, <c>${uuid()}</c>) with the user's values; a variable it does not have renders empty.</summary>
    string Render(string text);

    /// <summary>
    /// Runs <paramref name="operation"/> (given <see cref="Stopping"/>), timing it on the run's clock, and records its
    /// result as a sample tagged <paramref name="tag"/>: net code 0 is a success, any other a failure (<see cref="NetCodes"/>).
    /// An exception is recorded as net code 1099 (125 when the run was stopping) and not rethrown.
    /// </summary>
    ValueTask<TransportResult> MeasureAsync(string tag, Func<CancellationToken, ValueTask<TransportResult>> operation);

    /// <summary>Writes a line to the run's log (shown with <c>--debug</c>).</summary>
    void Log(string message);
}
