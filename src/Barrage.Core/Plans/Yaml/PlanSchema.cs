namespace Barrage.Plans.Yaml;

/// <summary>The fields of a YAML plan and how each becomes part of a <see cref="Plan"/>. A new plan field is one line here.</summary>
internal static class PlanSchema
{
    private static readonly Dictionary<string, LoadModel> Models = new(StringComparer.Ordinal)
    {
        ["closed"] = LoadModel.Closed,
        ["open"] = LoadModel.Open,
    };

    private static readonly MapSchema<LoadSpec> LoadFields = new MapSchema<LoadSpec>()
        .Field("model", ReadModel)
        .Field("users", ScheduleFields.ReadUsers)
        .Field("duration", (l, v, r) => r.Duration(v, allowZero: false) is { } d ? l with { Duration = d } : l)
        .Field("iterations", (l, v, r) => r.WholeNumber(v, min: 1, max: long.MaxValue) is { } n ? l with { Iterations = n } : l)
        .Field("shared_iterations", (l, v, r) => r.WholeNumber(v, min: 1, max: long.MaxValue) is { } n ? l with { SharedIterations = n } : l)
        .Field("ramp_up", (l, v, r) => r.Duration(v, allowZero: true) is { } d ? l with { RampUp = d } : l)
        .Field("graceful_stop", (l, v, r) => r.Duration(v, allowZero: true) is { } d ? l with { GracefulStop = d } : l)
        .Field("schedule", ScheduleFields.ReadSchedule)
        .Field("arrivals", ScheduleFields.ReadArrivals)
        .Field("seed", (l, v, r) => r.WholeNumber(v, min: 0, max: int.MaxValue) is { } n ? l with { Seed = (int)n } : l)
        .Field("max_in_flight", (l, v, r) => r.WholeNumber(v, min: 1, max: 1_000_000) is { } n ? l with { MaxInFlight = (int)n } : l)
        .Field("late_after", (l, v, r) => r.Duration(v, allowZero: false) is { } d ? l with { LateAfter = d } : l)
        .Field("resolution", ReadResolution)
        .Field("cycle_duration", (l, v, r) => r.Duration(v, allowZero: false) is { } d ? l with { CycleDuration = d } : l)
        .Field("hits", (l, v, r) => r.WholeNumber(v, min: 1, max: long.MaxValue) is { } n ? l with { Hits = n } : l)
        .Check(CheckLoad);

    private static LoadSpec ReadResolution(LoadSpec load, YamlValue value, NodeReader reader)
    {
        if (reader.Duration(value, allowZero: true) is not { } d)
            return load;
        if (LoadSpec.ResolutionProblem(d) is { } problem)
        {
            reader.Error(value, problem);
            return load;
        }
        return load with { Resolution = d };
    }

    private static readonly MapSchema<Scenario> ScenarioFields = new MapSchema<Scenario>()
        .Field("init", (s, v, r) => s with { Init = r.List(v, ActivityKinds.Read) })
        .Required("main", ReadMain)
        .Field("end", (s, v, r) => s with { End = r.List(v, ActivityKinds.Read) })
        .Field("sequences", ReadSequences);

    private static readonly Dictionary<string, AgentLossAction> AgentLossActions = new(StringComparer.Ordinal)
    {
        ["continue"] = AgentLossAction.Continue,
        ["abort"] = AgentLossAction.Abort,
    };

    private static readonly string[] Outputs = [.. Plan.KnownOutputs];

    private static readonly MapSchema<Transport.TransportOptions> HttpFields = new MapSchema<Transport.TransportOptions>()
        .Field("keepalive", (t, v, r) => r.Bool(v) is { } b ? t with { KeepAlive = b } : t)
        .Field("connect_timeout", (t, v, r) => r.Duration(v, allowZero: false) is { } d ? t with { ConnectTimeout = d } : t)
        .Field("timeout", (t, v, r) => r.Duration(v, allowZero: false) is { } d ? t with { RequestTimeout = d } : t)
        .Field("http2", (t, v, r) => r.Bool(v) is { } b ? t with { Http2 = b } : t)
        .Check((t, map, path, r) =>
        {
            if (t.Http2 && !t.KeepAlive && map.Find("keepalive") is { } keepAlive)
                r.Error(keepAlive, $"{YamlValue.Join(path, "keepalive")}: 'keepalive: false' does not go with 'http2: true': HTTP/2 multiplexes requests over kept-alive connections");
        });

    private static readonly MapSchema<Transport.TransportOptions> TlsFields = new MapSchema<Transport.TransportOptions>()
        .Field("verify", (t, v, r) => r.Bool(v) is { } b ? t with { VerifyCertificates = b } : t);

    private static readonly MapSchema<AmmoSpec> AmmoFields = new MapSchema<AmmoSpec>()
        .Required("file", (a, v, r) => r.Text(v) is { } f ? ReadAmmoFile(a, f, v, r) : a)
        .Field("style", (a, v, r) => r.Text(v, CheckAmmoStyle) is { } s ? a with { Style = s } : a)
        .Field("loop", (a, v, r) => r.Bool(v) is { } b ? a with { Loop = b } : a);

    /// <summary>The top of a plan.</summary>
    public static readonly MapSchema<Plan> Root = new MapSchema<Plan>()
        .Field("name", (p, v, r) => r.Text(v, PlanRules.CheckName) is { } n ? p with { Name = n } : p)
        .Required("target", (p, v, r) => r.Text(v) is { } t ? ReadTarget(p, t, v, r) : p)
        .Required("load", (p, v, r) => p with { Load = LoadFields.Read(v, new LoadSpec(), r) })
        .Field("scenario", (p, v, r) => p with { Scenario = ScenarioFields.Read(v, p.Scenario, r) })
        .Field("variables", (p, v, r) => p with { Scenario = p.Scenario with { Variables = r.TemplatePairs(v, StepSchemas.CheckVariableName, _ => null) } })
        .Field("headers", (p, v, r) => p with { Scenario = p.Scenario with { Headers = r.TemplatePairs(v, PlanRules.CheckHeaderName, PlanRules.CheckHeaderValue) } })
        .Field("auth", (p, v, r) => p with { Scenario = p.Scenario with { Auth = AuthField.Read(v, r) } })
        .Field("cookies", (p, v, r) => r.Bool(v) is { } b ? p with { Scenario = p.Scenario with { Cookies = b } } : p)
        .Field("base_url", (p, v, r) => r.Text(v, PlanRules.CheckRequestUrl) is { } b ? p with { Scenario = p.Scenario with { BaseUrl = b } } : p)
        .Field("ammo", ReadAmmo)
        .Field("http", (p, v, r) => p with { Transport = HttpFields.Read(v, p.Transport, r) })
        .Field("tls", (p, v, r) => p with { Transport = TlsFields.Read(v, p.Transport, r) })
        .Field("outputs", (p, v, r) => p with { Outputs = r.List(v, (item, ir) => ir.Text(item, CheckOutput)) })
        .Field("thresholds", (p, v, r) => p with { Thresholds = r.List(v, ThresholdField.Read) })
        .Field("autostop", (p, v, r) => p with { Autostop = r.List(v, ThresholdField.ReadAutostop) })
        .Field("data", (p, v, r) => p with { Data = DataSchema.Read(v, r) })
        .Field(PluginField.Key, (p, _, _) => p) // loaded before the rest (PluginField.Load): the scenario uses its kinds
        .Field("on_agent_loss", (p, v, r) => r.Choice(v, AgentLossActions) is { } a ? p with { OnAgentLoss = a } : p)
        .Check(CheckRoot);

    /// <summary>What the fields fill in; the required ones hold placeholders until read (a plan with errors is never returned).</summary>
    public static Plan Seed(string name) => new()
    {
        Name = name,
        Target = TargetSpec.Builtin,
        Load = new LoadSpec(),
        Scenario = new Scenario { Main = [] },
    };

    private static LoadSpec ReadModel(LoadSpec load, YamlValue value, NodeReader reader) =>
        reader.Choice(value, Models) is { } m ? load with { Model = m } : load;

    private static void CheckLoad(LoadSpec load, MappingNode map, string path, NodeReader reader)
    {
        var lengthFromSchedule = ScheduleFields.Check(load, map, path, reader);
        if (!lengthFromSchedule && map.Find("duration") is null && map.Find("iterations") is null && map.Find("shared_iterations") is null)
            reader.Error(map, $"{path}: needs 'duration', 'iterations' or 'shared_iterations'");
        if (load.Duration is { } duration && load.RampUp >= duration && map.Find("ramp_up") is { } rampUp)
        {
            reader.Error(new YamlValue(rampUp, YamlValue.Join(path, "ramp_up")),
                $"must be shorter than {YamlValue.Join(path, "duration")} ({Durations.Format(duration)}), got {Durations.Format(load.RampUp)}");
        }
    }

    private static Scenario ReadMain(Scenario scenario, YamlValue value, NodeReader reader)
    {
        var main = reader.List(value, ActivityKinds.Read);
        if (value.Node is ScalarNode { IsNull: true } or SequenceNode { Items.Count: 0 })
            reader.Error(value, "needs at least one activity, such as '- get: /'");
        return scenario with { Main = main };
    }

    private static Scenario ReadSequences(Scenario scenario, YamlValue value, NodeReader reader)
    {
        if (value.Node is not MappingNode map)
        {
            reader.Expected(value, "a mapping of sequence names to lists of activities");
            return scenario;
        }
        var sequences = new Dictionary<string, IReadOnlyList<Activity>>(StringComparer.Ordinal);
        var seen = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
        foreach (var (keyNode, item) in map.Entries)
        {
            if (reader.Key(keyNode, value.Path) is not { } name)
                continue;
            var itemValue = new YamlValue(item, YamlValue.Join(value.Path, name));
            if (seen.TryGetValue(name, out var first))
            {
                reader.Duplicate(keyNode, itemValue.Path, first);
                continue;
            }
            seen.Add(name, keyNode);
            sequences[name] = reader.List(itemValue, ActivityKinds.Read);
        }
        return scenario with { Sequences = sequences };
    }

    private static void CheckRoot(Plan plan, MappingNode map, string path, NodeReader reader)
    {
        CheckMacros(plan.WithDataVariables().Scenario, reader);
        var scenario = map.Find("scenario");
        var ammo = map.Find("ammo");
        if (scenario is null && ammo is null)
            reader.Error(map, "missing required field 'scenario' (or 'ammo', a Phantom ammo file whose requests make up main)");
        else if (scenario is not null && ammo is not null)
            reader.Error(ammo, "'ammo' supplies the requests of main, so it cannot go with 'scenario'; keep one of them");
    }

    /// <summary>Checks every macro and condition against the names the whole scenario declares, pointing inside the text.</summary>
    private static void CheckMacros(Scenario scenario, NodeReader reader)
    {
        reader.Errors.AddRange(Scenarios.ScenarioValidator.Validate(scenario, macros: false));
        var known = Scenarios.ScenarioWalk.KnownNames(scenario);
        foreach (var macro in reader.Macros)
        {
            Scenarios.ScenarioValidator.CheckText(macro.Text, macro.IsCondition, known, (offset, message) =>
            {
                // A quoted scalar's text starts one column after its quote; on one line the offset is the column.
                var start = macro.Value.Node.Start;
                var quote = macro.Value.Node is ScalarNode { IsPlain: false } ? 1 : 0;
                var at = macro.Text.Contains('\n', StringComparison.Ordinal) ? start : start with { Column = start.Column + quote + offset };
                reader.Errors.Add(new PlanError(at, $"{macro.Value.Path}: {message}"));
            });
        }
    }

    /// <summary><c>ammo: FILE</c>, or <c>ammo: { file: FILE, style: uri, loop: false }</c>.</summary>
    private static Plan ReadAmmo(Plan plan, YamlValue value, NodeReader reader)
    {
        var seed = new AmmoSpec("");
        var ammo = value.Node is ScalarNode
            ? reader.Text(value) is { } file ? ReadAmmoFile(seed, file, value, reader) : seed
            : AmmoFields.Read(value, seed, reader);
        return plan with { Ammo = ammo, Scenario = plan.Scenario with { Main = [] } };
    }

    private static AmmoSpec ReadAmmoFile(AmmoSpec ammo, string file, YamlValue value, NodeReader reader)
    {
        return ammo with { Path = PlanFiles.Resolve(file, value, reader, "ammo file") };
    }

    private static string? CheckOutput(string output) => Outputs.Contains(output)
        ? null
        : $"unknown output {PlanRules.Quote(output)}{Suggestions.Hint(output, Outputs)}";

    private static string? CheckAmmoStyle(string style) => AmmoSpec.Styles.Contains(style)
        ? null
        : $"unknown ammo style {PlanRules.Quote(style)}{Suggestions.Hint(style, AmmoSpec.Styles)}";

    private static Plan ReadTarget(Plan plan, string text, YamlValue value, NodeReader reader)
    {
        if (PlanRules.TryParseTarget(text, out var target, out var error))
            return plan with { Target = target };
        reader.Error(value, error);
        return plan;
    }
}
