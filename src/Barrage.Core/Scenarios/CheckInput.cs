using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>What checks and extractors judge: the transport's result (its <see cref="TransportResult.Response"/> when captured) and the time taken.</summary>
/// <param name="Result">The exchange as the transport measured it.</param>
/// <param name="TotalUs">The request's time from start to end, µs, as its sample records it (<c>max_time</c> judges this).</param>
public readonly record struct CheckInput(TransportResult Result, long TotalUs)
{
    /// <summary>The captured response; null when the request did not ask for it or failed.</summary>
    public ResponseView? Response => Result.Response;
}
