namespace Barrage.Reporting.Summaries;

/// <summary>One check's verdicts on one tag's requests over a run.</summary>
/// <param name="Name">The check's name (<c>status 200</c>, <c>extract token</c>, or the name given).</param>
/// <param name="Tag">The tag of the requests it judged.</param>
/// <param name="Passed">How often it passed.</param>
/// <param name="Failed">How often it failed.</param>
public sealed record CheckSummary(string Name, string Tag, long Passed, long Failed);
