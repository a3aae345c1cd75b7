using System.Globalization;
using System.Text;
using Barrage.Formats.Imports;
using Barrage.Plans;
using Barrage.Transport;
using Barrage.Transport.Http1;

namespace Barrage.Formats.Ammo;

/// <summary>
/// <c>barrage export ammo</c>: the requests of a plan's <c>main</c> as Phantom request-style ammo, the bytes
/// exactly as Barrage would send them, so Yandex.Tank users can replay a Barrage plan.
/// </summary>
public static class AmmoExport
{
    /// <summary>Writes <paramref name="plan"/>'s requests to <paramref name="output"/>; returns what was left out.</summary>
    /// <param name="plan">A validated plan.</param>
    /// <param name="target">The address the requests name in their Host header; the plan's target when null.</param>
    /// <param name="output">Where the ammo goes.</param>
    /// <exception cref="ImportException">The plan has nothing to export, or its target is <c>builtin</c> and none was given.</exception>
    public static IReadOnlyList<ImportWarning> Export(Plan plan, Uri? target, Stream output)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        var source = plan.SourcePath ?? plan.Name;
        if (plan.Ammo is not null)
            throw new ImportException($"{source}: the plan already sends ammo ({plan.Ammo.Path}); use that file");
        target ??= plan.Target.Url
            ?? throw new ImportException($"{source}: the target is 'builtin', whose address is known only when it runs; give one with --target URL");

        var warnings = new List<ImportWarning>();
        if (plan.Scenario.Init.Count > 0 || plan.Scenario.End.Count > 0)
            warnings.Add(new ImportWarning("", "ammo has no init or end; only the requests of main are exported"));
        int written = 0, index = 0;
        foreach (var activity in plan.Scenario.Main)
        {
            index++;
            var where = $"main, activity {index} (line {activity.Position.Line})";
            if (activity is not RequestActivity request)
            {
                warnings.Add(new ImportWarning(where, $"'{activity.GetType().Name}' is not a request; ammo holds requests only, left out"));
                continue;
            }
            if (IsDynamic(request))
            {
                warnings.Add(new ImportWarning(where, "the request uses ${...} macros, which ammo cannot express; left out"));
                continue;
            }
            var prepared = new PreparedRequest(
                request.Method,
                RequestUrl.Resolve(target, request.Url),
                request.Headers,
                request.Body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(request.Body),
                request.EffectiveTag);
            var bytes = Http1Wire.Encode(prepared);
            var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{bytes.Length} {Tag(request.EffectiveTag)}\n"));
            output.Write(head);
            output.Write(bytes.Span);
            output.WriteByte((byte)'\n');
            written++;
        }
        if (written == 0)
            throw new ImportException($"{source}: main has no request that ammo can hold" + (warnings.Count > 0 ? $" ({warnings[^1]})" : ""));
        return warnings;
    }

    private static bool IsDynamic(RequestActivity request) =>
        request.Url.Contains("${", StringComparison.Ordinal)
        || (request.Body?.Contains("${", StringComparison.Ordinal) ?? false)
        || request.Headers.Any(h => h.Key.Contains("${", StringComparison.Ordinal) || h.Value.Contains("${", StringComparison.Ordinal));

    // The tag is the rest of the size line: it may hold spaces but not a line end.
    private static string Tag(string tag) => tag.Replace('\n', ' ').Replace('\r', ' ');
}
