namespace Barrage.Metrics;

/// <summary>One row of a run's outcomes: its kind (<c>HTTP</c>, <c>WS</c> or <c>net</c>), its code and how many results it counts.</summary>
/// <param name="Kind">One of <see cref="Outcomes.Http"/>, <see cref="Outcomes.WebSocket"/>, <see cref="Outcomes.Net"/>.</param>
/// <param name="Code">A status (<c>404</c>), a class of statuses (<c>2xx</c>), <c>ok</c> (web sockets) or a net code (<c>110</c>).</param>
/// <param name="Count">Results counted under it.</param>
/// <param name="Meaning">What a net code means (<c>timeout</c>); null for the other kinds.</param>
public sealed record OutcomeRow(string Kind, string Code, long Count, string? Meaning = null)
{
    /// <summary>Kind and code as one label, <c>HTTP 2xx</c>, <c>WS ok</c>, <c>net 110</c>: what charts and tables show.</summary>
    public string Label => $"{Kind} {Code}";
}
