namespace Barrage.Plans.Yaml;

/// <summary>
/// The kinds of activity a scenario step can be, each named by one key of the step's mapping
/// (<c>get</c>, <c>post</c>, <c>request</c>...). A new kind is one <see cref="Add{T}"/> line.
/// </summary>
internal static class ActivityKinds
{
    private static readonly Dictionary<string, Func<MappingNode, string, NodeReader, Activity>> Readers = new(StringComparer.Ordinal);

    private static readonly List<string> KindNames = [];

    // Every field any kind takes beside its key: a step made only of these lacks its kind, rather than having an unknown one.
    private static readonly HashSet<string> Options = new(StringComparer.Ordinal);

    static ActivityKinds()
    {
        foreach (var method in RequestSchema.ShorthandMethods)
            Add(method, RequestSchema.Shorthand(method), map => RequestSchema.Seed(method, map));
        Add(RequestSchema.LongFormKey, RequestSchema.LongForm, map => RequestSchema.Seed("", map));
        Add("think", StepSchemas.Think, map => new ThinkActivity(ThinkTime.Fixed(TimeSpan.Zero)) { Position = map.Start });
        Add("parallel", StepSchemas.Parallel, map => new ParallelActivity([]) { Position = map.Start });
        Add("loop", StepSchemas.Loop("loop"), map => new LoopActivity([]) { Position = map.Start });
        Add("repeat", StepSchemas.Loop("repeat"), map => new LoopActivity([]) { Position = map.Start });
        Add("if", StepSchemas.If, map => new IfActivity("", [], []) { Position = map.Start });
        Add("group", StepSchemas.Group, map => new GroupActivity("", []) { Position = map.Start });
        Add("call", StepSchemas.Call, map => new CallActivity("") { Position = map.Start });
        Add("set", StepSchemas.Set, map => new SetActivity([]) { Position = map.Start });
        Add("log", StepSchemas.Log, map => new LogActivity("") { Position = map.Start });
        Add("ws_connect", WebSocketSchemas.Connect, map => new WebSocketConnectActivity { Url = "", Position = map.Start });
        Add("ws_send", WebSocketSchemas.Send, map => new WebSocketSendActivity { Message = "", Position = map.Start });
        Add("ws_receive", WebSocketSchemas.Receive, map => new WebSocketReceiveActivity { Position = map.Start });
        Add("ws_close", WebSocketSchemas.Close, map => new WebSocketCloseActivity { Position = map.Start });
        Options.ExceptWith(Readers.Keys);
    }

    /// <summary>The keys that name a kind, in the order they were added.</summary>
    public static IReadOnlyList<string> Names => KindNames;

    /// <summary>Whether <paramref name="key"/> names a built-in kind (a plugin cannot take it).</summary>
    public static bool IsBuiltIn(string key) => Readers.ContainsKey(key);

    /// <summary>Reads one step; null (with the error recorded) when it is not a valid activity.</summary>
    public static Activity? Read(YamlValue value, NodeReader reader)
    {
        if (value.Node is not MappingNode map)
        {
            reader.Expected(value, "an activity such as 'get: /'");
            return null;
        }

        bool IsKind(string key) => Readers.ContainsKey(key) || reader.Plugins.ContainsKey(key);
        var kinds = map.Entries.Where(e => e.Key is ScalarNode { IsNull: false } k && IsKind(k.Value)).ToList();
        if (kinds.Count > 1)
        {
            var names = string.Join(" and ", kinds.Select(e => $"'{((ScalarNode)e.Key).Value}'"));
            reader.Error(kinds[1].Key, $"{value.Path}: an activity has exactly one kind, found {names}; write them as separate steps");
            return null;
        }
        if (kinds.Count == 1)
        {
            var kind = ((ScalarNode)kinds[0].Key).Value;
            return Readers.TryGetValue(kind, out var read)
                ? read(map, value.Path, reader)
                : PluginActivities.Read(reader.Plugins[kind], map, value.Path, reader);
        }

        var unknown = map.Entries.FirstOrDefault(e => e.Key is not ScalarNode { IsNull: false } k || !Options.Contains(k.Value));
        if (unknown is { Key: ScalarNode { IsNull: false } name })
        {
            // With a plugin that failed to load, the likeliest reason is that one, not a typo: the list of built-in kinds only misleads.
            string[] known = [.. Names, .. reader.Plugins.Keys];
            var hint = reader.PluginFailed && Suggestions.Closest(name.Value, known) is null
                ? "; is it the activity of the plugin that could not be loaded?"
                : Suggestions.Hint(name.Value, known);
            reader.Error(name, $"{value.Path}: unknown activity '{name.Value}'{hint}");
        }
        else if (unknown is not null)
            reader.Key(unknown.Key, value.Path);
        else
            reader.Error(map, $"{value.Path}: missing the kind of activity; expected one of: {string.Join(", ", Names)}");
        return null;
    }

    private static void Add<T>(string key, MapSchema<T> schema, Func<MappingNode, T> seed)
        where T : Activity
    {
        Readers.Add(key, (map, path, reader) => schema.Read(map, path, seed(map), reader));
        KindNames.Add(key);
        Options.UnionWith(schema.Names);
    }
}
