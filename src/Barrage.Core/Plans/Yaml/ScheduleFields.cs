using Barrage.Load;

namespace Barrage.Plans.Yaml;

/// <summary>
/// Reads the load fields that hold schedules (<c>schedule</c>, <c>users</c>) and checks the open and closed
/// models' fields against each other. A schedule's errors point inside its text: the column in the schedule
/// is added to where the scalar starts.
/// </summary>
internal static class ScheduleFields
{
    private static readonly string[] OpenOnly = ["schedule", "arrivals", "seed", "max_in_flight", "late_after", "resolution"];
    private static readonly string[] ClosedOnly = ["users", "iterations", "shared_iterations", "ramp_up", "cycle_duration", "hits"];

    private static readonly Dictionary<string, ArrivalKind> ArrivalKinds = new(StringComparer.Ordinal)
    {
        ["even"] = ArrivalKind.Even,
        ["poisson"] = ArrivalKind.Poisson,
    };

    /// <summary><c>schedule: line(1, 100, 30s) const(100, 1m)</c>.</summary>
    public static LoadSpec ReadSchedule(LoadSpec load, YamlValue value, NodeReader reader)
    {
        if (reader.Text(value) is not { } text)
            return load;
        if (RateSchedule.TryParse(text, out var schedule, out var error))
            return load with { Schedule = schedule };
        Report(value, error, reader);
        return load;
    }

    /// <summary><c>arrivals: even | poisson</c>.</summary>
    public static LoadSpec ReadArrivals(LoadSpec load, YamlValue value, NodeReader reader) =>
        reader.Choice(value, ArrivalKinds) is { } kind ? load with { Arrivals = kind } : load;

    /// <summary><c>users: 10</c>, <c>users: line(1, 50, 20s) const(50, 1m)</c> or <c>users: 10:20:30</c>.</summary>
    public static LoadSpec ReadUsers(LoadSpec load, YamlValue value, NodeReader reader)
    {
        if (value.Node is ScalarNode { IsNull: false } s)
        {
            if (s.Value.Contains('(', StringComparison.Ordinal))
            {
                if (UserSchedule.TryParse(s.Value, out var schedule, out var error))
                    return load with { UserSchedule = schedule, Users = Math.Max(1, schedule.MaxUsers) };
                Report(value, error, reader);
                return load;
            }
            if (UserSchedule.LooksLikeCycles(s.Value))
            {
                if (UserSchedule.TryParseCycles(s.Value, out var cycles, out var error))
                    return load with { Cycles = cycles, Users = cycles.Max() };
                Report(value, error, reader);
                return load;
            }
        }
        return reader.Int(value, min: 1) is { } n ? load with { Users = n } : load;
    }

    /// <summary>The open and closed models' fields against each other; run by the load mapping's check.</summary>
    /// <returns>True when the closed model's length is already set by a user schedule or cycles.</returns>
    public static bool Check(LoadSpec load, MappingNode map, string path, NodeReader reader)
    {
        string Field(string name) => YamlValue.Join(path, name);
        if (load.Model == LoadModel.Open)
        {
            if (map.Find("schedule") is null)
                reader.Error(map, $"{path}: the open model needs '{Field("schedule")}', such as 'schedule: const(100, 30s)'");
            foreach (var name in ClosedOnly)
            {
                if (map.Find(name) is { } key)
                    reader.Error(key, $"{Field(name)}: belongs to the closed model; in the open model the schedule sets the load");
            }
            return true;
        }
        foreach (var name in OpenOnly)
        {
            if (map.Find(name) is { } key)
                reader.Error(key, $"{Field(name)}: belongs to the open model; add '{Field("model")}: open'");
        }
        // From the text, not the parsed value, so that a schedule with a mistake brings no follow-on errors.
        var users = (map.Find("users") as ScalarNode)?.Value ?? "";
        var hasCycles = UserSchedule.LooksLikeCycles(users);
        var hasSchedule = users.Contains('(', StringComparison.Ordinal);
        foreach (var name in new[] { "cycle_duration", "hits" })
        {
            if (!hasCycles && map.Find(name) is { } key)
                reader.Error(key, $"{Field(name)}: goes with cycles of users, such as 'users: 10:20:30'");
        }
        if (hasCycles && map.Find("cycle_duration") is null && map.Find("hits") is null)
            reader.Error(map.Find("users") ?? (PlanNode)map, $"{Field("users")}: cycles need '{Field("cycle_duration")}' (how long each runs) or '{Field("hits")}' (iterations per user in each)");
        if (hasCycles && map.Find("cycle_duration") is not null && map.Find("hits") is { } hits)
            reader.Error(hits, $"{Field("hits")}: cycles run for '{Field("cycle_duration")}' or for '{Field("hits")}', not both");
        if ((hasSchedule || hasCycles) && map.Find("ramp_up") is { } rampUp)
            reader.Error(rampUp, $"{Field("ramp_up")}: does not go with a schedule of users; ramp up in it, e.g. line(1, 50, 20s)");
        return hasSchedule || hasCycles;
    }

    private static void Report(YamlValue value, ScheduleError error, NodeReader reader)
    {
        var start = value.Node.Start;
        // Inside a quoted scalar the text starts one column after the quote.
        var quote = value.Node is ScalarNode { IsPlain: false } ? 1 : 0;
        var position = start.IsKnown ? start with { Column = start.Column + quote + error.Column - 1 } : start;
        reader.Errors.Add(new PlanError(position, $"{value.Path}: {error.Message}"));
    }
}
