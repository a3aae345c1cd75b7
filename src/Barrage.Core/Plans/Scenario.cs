using Barrage.Scenarios;

namespace Barrage.Plans;

/// <summary>
/// What every user does: <see cref="Init"/> once, <see cref="Main"/> in a loop, <see cref="End"/> once when it
/// leaves (or the test ends), with the variables, default headers and credentials every request shares.
/// </summary>
public sealed record Scenario
{
    /// <summary>Starts a scenario in code: <c>Scenario.Create("shop").Main(m =&gt; m.Get("/")).Build()</c>.</summary>
    public static ScenarioBuilder Create(string name) => new(name);

    /// <summary>The names of the scenario's groups (<see cref="GroupActivity"/>): the tags its transactions are recorded under.</summary>
    public IReadOnlySet<string> GroupTags() =>
        Scenarios.ScenarioWalk.All(this).OfType<GroupActivity>().Select(g => g.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>A name for the scenario (the plan's name when read from YAML).</summary>
    public string? Name { get; init; }

    /// <summary>Done once by each user before its first iteration.</summary>
    public IReadOnlyList<Activity> Init { get; init; } = [];

    /// <summary>One iteration; never empty in a loaded plan.</summary>
    public required IReadOnlyList<Activity> Main { get; init; }

    /// <summary>Done once by each user after its last iteration, also when the test stops (within the graceful stop).</summary>
    public IReadOnlyList<Activity> End { get; init; } = [];

    /// <summary>Named sequences, run by <see cref="CallActivity"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Activity>> Sequences { get; init; } = new Dictionary<string, IReadOnlyList<Activity>>();

    /// <summary>Variables every user starts with; values may hold macros (rendered once per user).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables { get; init; } = [];

    /// <summary>
    /// A cookie jar per user, fed by every response's <c>Set-Cookie</c> (the plan's <c>cookies</c>). Reading every
    /// response's headers costs a little per request: <c>cookies: false</c> gives fixed requests their fastest path.
    /// </summary>
    /// <remarks>Defaults to true, as a browser keeps cookies.</remarks>
    public bool Cookies { get; init; } = true;

    /// <summary>Headers sent with every request (a request's own header of the same name wins).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Credentials sent with every request; null for none.</summary>
    public AuthSpec? Auth { get; init; }

    /// <summary>What relative request URLs are resolved against: a path under the target (<c>/api/v1</c>) or an absolute URL; null for the target itself.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Every activity of init, main, end and the named sequences, nested ones included, in the order written.</summary>
    public IEnumerable<Activity> AllActivities() => ScenarioWalk.All(this);

    /// <summary>Names the scenario knows beyond its variables and <c>set:</c> (data columns, extractions): macros may use them.</summary>
    public IReadOnlyCollection<string> ExtraVariables { get; init; } = [];
}
