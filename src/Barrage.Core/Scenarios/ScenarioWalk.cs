using Barrage.Plans;

namespace Barrage.Scenarios;

/// <summary>Visits every activity of a scenario, nested ones included, in the order written.</summary>
internal static class ScenarioWalk
{
    /// <summary>Every activity of init, main, end and the named sequences.</summary>
    public static IEnumerable<Activity> All(Scenario scenario) =>
        Flatten(scenario.Init).Concat(Flatten(scenario.Main)).Concat(Flatten(scenario.End))
            .Concat(scenario.Sequences.Values.SelectMany(Flatten));

    /// <summary>The activities of <paramref name="steps"/> and everything nested in them.</summary>
    public static IEnumerable<Activity> Flatten(IEnumerable<Activity> steps)
    {
        foreach (var step in steps)
        {
            yield return step;
            foreach (var inner in Flatten(Children(step)))
                yield return inner;
        }
    }

    /// <summary>The activities directly inside <paramref name="step"/>.</summary>
    public static IEnumerable<Activity> Children(Activity step) => step switch
    {
        ParallelActivity p => p.Steps,
        LoopActivity l => l.Steps,
        IfActivity i => i.Then.Concat(i.Else),
        GroupActivity g => g.Steps,
        _ => [],
    };

    /// <summary>The names macros may use: built-ins, <c>variables:</c>, every <c>set:</c>, and the scenario's extra names.</summary>
    public static HashSet<string> KnownNames(Scenario scenario)
    {
        var names = new HashSet<string>(VariablePart.BuiltIns, StringComparer.Ordinal);
        names.UnionWith(scenario.Variables.Select(v => v.Key));
        names.UnionWith(scenario.ExtraVariables);
        foreach (var set in All(scenario).OfType<SetActivity>())
            names.UnionWith(set.Variables.Select(v => v.Key));
        foreach (var request in All(scenario).OfType<RequestActivity>())
            names.UnionWith(request.Extractors.Select(e => e.Variable));
        foreach (var receive in All(scenario).OfType<WebSocketReceiveActivity>())
            names.UnionWith(receive.Extractors.Select(e => e.Variable));
        return names;
    }
}
