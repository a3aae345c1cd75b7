using Barrage.Plans.Yaml;

namespace Barrage.Plans;

/// <summary>Reads YAML plans and validates them, reporting every mistake at once with its position.</summary>
/// <remarks>
/// Errors come as <c>file:line:column: field.path: message</c>, sorted by position; an error inside a
/// schedule (<c>load.schedule</c>, <c>load.users</c>) points at its character.
/// </remarks>
public static class PlanLoader
{
    /// <summary>Loads and validates the plan in <paramref name="path"/>; error positions use the path as given.</summary>
    /// <exception cref="PlanException">The file is missing, is not valid YAML, or the plan has mistakes.</exception>
    public static Plan LoadFile(string path) => LoadFile(path, null);

    /// <summary>
    /// <see cref="LoadFile(string)"/>, reading each file the plan names (data, bodies, uploads, ammo, plugins) from where
    /// <paramref name="fileLocation"/> says instead of its full path (a cluster agent reads the copies that came with the
    /// plan, never its own files).
    /// </summary>
    internal static Plan LoadFile(string path, Func<string, string>? fileLocation)
    {
        ArgumentNullException.ThrowIfNull(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PlanException(new PlanError(SourcePosition.None, $"file not found: {path}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PlanException(new PlanError(SourcePosition.None, $"cannot read {path}: {e.Message}"));
        }
        return Parse(yaml, path, fileLocation) with { SourcePath = Path.GetFullPath(path) };
    }

    /// <summary>Parses and validates a plan from YAML text; <paramref name="fileName"/> is used in error positions.</summary>
    /// <remarks>The plan's name defaults to <paramref name="fileName"/> without folder and extension.</remarks>
    /// <exception cref="PlanException">The text is not valid YAML, or the plan has mistakes.</exception>
    public static Plan Parse(string yaml, string fileName) => Parse(yaml, fileName, null);

    private static Plan Parse(string yaml, string fileName, Func<string, string>? fileLocation)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(fileName);
        var reader = new NodeReader { FileLocation = fileLocation };
        var root = YamlTree.Parse(yaml, fileName, reader.Errors);
        Plan? plan = null;
        var syntaxError = root is null && reader.Errors.Count > 0;
        if (!syntaxError)
        {
            switch (root)
            {
                case null or ScalarNode { IsNull: true }:
                    reader.Errors.Add(new PlanError(root?.Start ?? new SourcePosition(fileName, 1, 1),
                        "the plan is empty; expected a mapping with 'target', 'load' and 'scenario'"));
                    break;
                case MappingNode map:
                    PluginField.Load(map, reader);
                    plan = PlanSchema.Root.Read(map, "", PlanSchema.Seed(DefaultName(fileName)), reader);
                    break;
                default:
                    reader.Error(root, $"expected a mapping with 'target', 'load' and 'scenario' at the top of the plan, got {root.Describe()}");
                    break;
            }
        }
        if (reader.Errors.Count > 0)
            throw new PlanException(reader.Errors.OrderBy(e => e.Position.Line).ThenBy(e => e.Position.Column).ToList());
        return plan! with { Plugins = [.. reader.PluginFiles] };
    }

    /// <summary>
    /// Returns <paramref name="plan"/> with the values in <paramref name="overrides"/>, after checking them;
    /// errors name the command-line option (<c>--users must be at least 1</c>). See <see cref="PlanOverrides"/>.
    /// </summary>
    /// <exception cref="PlanException">An override is out of range; every bad one is reported.</exception>
    public static Plan ApplyOverrides(Plan plan, PlanOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(overrides);
        var errors = new List<PlanError>();
        void Error(string message) => errors.Add(new PlanError(SourcePosition.None, message));

        var load = plan.Load;
        var target = plan.Target;
        if (overrides.Users is { } users)
        {
            if (users < 1)
                Error($"--users must be at least 1, got {users}");
            else if (load.Model == LoadModel.Open)
                Error("--users is for the closed model; this plan is open: its schedule sets the load");
            else if (load.UsersOverTime is { } schedule)
                load = load with { Users = users, UserSchedule = null, Cycles = null, CycleDuration = null, Hits = null, Duration = load.Duration ?? schedule.Duration };
            else if (load.Cycles is not null)
                load = load with { Users = users, Cycles = null, Hits = null, Iterations = load.Iterations ?? load.Hits };
            else
                load = load with { Users = users };
        }
        if (overrides.Seed is { } seed)
        {
            if (seed < 0)
                Error($"--seed must be at least 0, got {seed}");
            else
                load = load with { Seed = seed };
        }
        if (overrides.Iterations is { } iterations)
        {
            if (load.Model == LoadModel.Open)
                Error("--iterations is for the closed model; this plan is open: its schedule sets the load");
            else if (iterations < 1)
                Error($"--iterations must be at least 1, got {iterations}");
            else
                load = load with { Iterations = iterations };
        }
        if (overrides.Duration is { } duration)
        {
            if (duration <= TimeSpan.Zero)
                Error(duration == TimeSpan.Zero ? "--duration must be longer than zero, got 0s" : "--duration cannot be negative");
            else if (duration <= load.RampUp)
                Error($"--duration ({Durations.Format(duration)}) must be longer than the plan's load.ramp_up ({Durations.Format(load.RampUp)})");
            else
                load = load with { Duration = duration };
        }
        if (overrides.Target is { } text)
        {
            if (PlanRules.TryParseTarget(text, out var spec, out var error))
                target = spec;
            else
                Error($"--target: {error}");
        }

        if (errors.Count > 0)
            throw new PlanException(errors);
        return plan with { Load = load, Target = target };
    }

    private static string DefaultName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        return PlanRules.CheckName(name) is null ? name : "plan";
    }
}
