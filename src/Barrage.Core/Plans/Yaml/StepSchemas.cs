namespace Barrage.Plans.Yaml;

/// <summary>The YAML of every activity kind but requests: its key holds its main value, options sit beside it.</summary>
internal static class StepSchemas
{
    public static readonly MapSchema<ThinkActivity> Think = new MapSchema<ThinkActivity>()
        .Required("think", (a, v, r) => ThinkField.Read(v, r) is { } t ? a with { Time = t } : a);

    public static readonly MapSchema<ParallelActivity> Parallel = new MapSchema<ParallelActivity>()
        .Required("parallel", (a, v, r) => a with { Steps = NonEmpty(v, r) })
        .Field("limit", (a, v, r) => r.Int(v, min: 1) is { } n ? a with { Limit = n } : a);

    /// <summary><c>loop: N</c> (or <c>repeat: N</c>) with <c>do:</c>, and <c>while:</c> instead of or beside the count.</summary>
    public static MapSchema<LoopActivity> Loop(string key) => new MapSchema<LoopActivity>()
        .Required(key, (a, v, r) => v.Node is ScalarNode { IsNull: true } ? a : r.WholeNumber(v, min: 0, max: long.MaxValue) is { } n ? a with { Count = n } : a)
        .Field("while", (a, v, r) => r.Condition(v) is { } c ? a with { While = c } : a)
        .Required("do", (a, v, r) => a with { Steps = NonEmpty(v, r) })
        .Check((a, map, path, r) =>
        {
            if (map.Find(key) is ScalarNode { IsNull: true } && map.Find("while") is null)
                r.Error(map, $"{path}: '{key}' needs a count ({key}: 3) or a 'while' condition beside it");
        });

    public static readonly MapSchema<IfActivity> If = new MapSchema<IfActivity>()
        .Required("if", (a, v, r) => r.Condition(v) is { } c ? a with { Condition = c } : a)
        .Required("then", (a, v, r) => a with { Then = NonEmpty(v, r) })
        .Field("else", (a, v, r) => a with { Else = r.List(v, ActivityKinds.Read) });

    public static readonly MapSchema<GroupActivity> Group = new MapSchema<GroupActivity>()
        .Required("group", (a, v, r) => r.Text(v, PlanRules.CheckTag) is { } n ? a with { Name = n } : a)
        .Required("do", (a, v, r) => a with { Steps = NonEmpty(v, r) });

    public static readonly MapSchema<CallActivity> Call = new MapSchema<CallActivity>()
        .Required("call", (a, v, r) => r.Text(v) is { } n ? a with { Sequence = n } : a)
        .Field("times", (a, v, r) => r.WholeNumber(v, min: 0, max: long.MaxValue) is { } n ? a with { Times = n } : a);

    public static readonly MapSchema<SetActivity> Set = new MapSchema<SetActivity>()
        .Required("set", (a, v, r) => a with { Variables = r.TemplatePairs(v, CheckVariableName, _ => null) });

    public static readonly MapSchema<LogActivity> Log = new MapSchema<LogActivity>()
        .Required("log", (a, v, r) => r.Template(v) is { } m ? a with { Message = m } : a);

    /// <summary>A name a plan may give a variable: letters, digits and '_', not a built-in.</summary>
    public static string? CheckVariableName(string name)
    {
        if (!Scenarios.MacroSyntax.IsName(name))
            return $"'{name}' is not a valid variable name (letters, digits and '_', not starting with a digit)";
        return Scenarios.VariablePart.BuiltIns.Contains(name) ? $"'{name}' is built in and cannot be set" : null;
    }

    private static IReadOnlyList<Activity> NonEmpty(YamlValue value, NodeReader reader)
    {
        var steps = reader.List(value, ActivityKinds.Read);
        if (value.Node is ScalarNode { IsNull: true } or SequenceNode { Items.Count: 0 })
            reader.Error(value, "needs at least one activity");
        return steps;
    }
}
