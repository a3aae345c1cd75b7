namespace Barrage.Scenarios;

/// <summary>Where a scenario's <c>log:</c> lines and, with <c>--debug</c>, each request and response go. Thread-safe.</summary>
public interface IScenarioLog
{
    /// <summary>Writes one entry (it may span lines). Credentials are already masked.</summary>
    void Write(string text);
}
