using System.Globalization;
using Barrage.Plans;

namespace Barrage.Cli.Commands;

/// <summary>The plan as the run store keeps it: the file's text, or a description of a plan made on the command line.</summary>
internal static class PlanText
{
    public static string For(Plan plan)
    {
        if (plan.SourcePath is { } path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The plan was read a moment ago; if it is gone now, describe it instead.
            }
        }
        var load = plan.Load;
        var lines = new List<string>
        {
            "# made on the command line",
            $"name: {plan.Name}",
            $"target: {plan.Target}",
            string.Create(CultureInfo.InvariantCulture, $"load: {{ users: {load.Users}, duration: {(load.Duration is { } d ? Durations.Format(d) : "-")}, iterations: {load.Iterations?.ToString(CultureInfo.InvariantCulture) ?? "-"}, shared_iterations: {load.SharedIterations?.ToString(CultureInfo.InvariantCulture) ?? "-"} }}"),
        };
        if (plan.Ammo is { } ammo)
            lines.Add($"ammo: {ammo.Path}");
        if (plan.Transport.Http2)
            lines.Add("http: { http2: true }");
        foreach (var activity in plan.Scenario.Main.OfType<RequestActivity>())
            lines.Add($"# main: {activity.Method} {activity.Url}");
        if (plan.Thresholds.Count > 0)
            lines.Add($"thresholds: [{string.Join(", ", plan.Thresholds.Select(t => $"\"{t.Expression}\""))}]");
        return string.Join('\n', lines) + "\n";
    }
}
