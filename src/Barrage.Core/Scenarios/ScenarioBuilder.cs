using Barrage.Plans;

namespace Barrage.Scenarios;

/// <summary>
/// Builds a <see cref="Scenario"/> in code, the same model a YAML plan makes:
/// <c>Scenario.Create("shop").Variable("user", "alice").Main(m =&gt; m.Get("/items").Think(ThinkTime.Fixed(1s))).Build()</c>.
/// </summary>
public sealed class ScenarioBuilder
{
    private readonly string _name;
    private readonly List<KeyValuePair<string, string>> _variables = [];
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private readonly Dictionary<string, IReadOnlyList<Activity>> _sequences = new(StringComparer.Ordinal);
    private IReadOnlyList<Activity> _init = [];
    private IReadOnlyList<Activity> _main = [];
    private IReadOnlyList<Activity> _end = [];
    private AuthSpec? _auth;
    private string? _baseUrl;

    internal ScenarioBuilder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
    }

    /// <summary>A variable every user starts with (<c>variables:</c>).</summary>
    public ScenarioBuilder Variable(string name, string value)
    {
        _variables.Add(new(name, value));
        return this;
    }

    /// <summary>A header sent with every request.</summary>
    public ScenarioBuilder Header(string name, string value)
    {
        _headers.Add(new(name, value));
        return this;
    }

    /// <summary>Credentials sent with every request.</summary>
    public ScenarioBuilder Auth(AuthSpec auth)
    {
        _auth = auth;
        return this;
    }

    /// <summary>What relative URLs are resolved against: a path under the target or an absolute URL.</summary>
    public ScenarioBuilder BaseUrl(string baseUrl)
    {
        _baseUrl = baseUrl;
        return this;
    }

    /// <summary>What each user does once, before its first iteration.</summary>
    public ScenarioBuilder Init(Action<ActivityListBuilder> steps) => Set(ref _init, steps);

    /// <summary>One iteration of the loop.</summary>
    public ScenarioBuilder Main(Action<ActivityListBuilder> steps) => Set(ref _main, steps);

    /// <summary>What each user does once when it leaves.</summary>
    public ScenarioBuilder End(Action<ActivityListBuilder> steps) => Set(ref _end, steps);

    /// <summary>A named sequence, run by <see cref="ActivityListBuilder.Call"/>.</summary>
    public ScenarioBuilder Sequence(string name, Action<ActivityListBuilder> steps)
    {
        _sequences[name] = ActivityListBuilder.Build(steps);
        return this;
    }

    /// <summary>The scenario; validated when a runner compiles it.</summary>
    public Scenario Build() => new()
    {
        Name = _name,
        Variables = [.. _variables],
        Headers = [.. _headers],
        Auth = _auth,
        BaseUrl = _baseUrl,
        Init = _init,
        Main = _main,
        End = _end,
        Sequences = new Dictionary<string, IReadOnlyList<Activity>>(_sequences, StringComparer.Ordinal),
    };

    private ScenarioBuilder Set(ref IReadOnlyList<Activity> field, Action<ActivityListBuilder> steps)
    {
        field = ActivityListBuilder.Build(steps);
        return this;
    }
}
