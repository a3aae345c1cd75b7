namespace Barrage.Scenarios;

/// <summary>How a scenario runs besides its plan: where its log goes and whether to print every request.</summary>
public sealed record ScenarioOptions
{
    /// <summary>Where <c>log:</c> lines (and debug output) go; null drops them.</summary>
    public IScenarioLog? Log { get; init; }

    /// <summary>Print each request and response to <see cref="Log"/> (<c>run --debug</c>).</summary>
    /// <remarks>Defaults to false. Slows the run: every request goes through the log.</remarks>
    public bool Debug { get; init; }
}
