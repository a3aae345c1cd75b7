using System.Text;
using Barrage.Plans;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>A scenario with every request resolved against the target and serialized once, ready to run.</summary>
internal sealed class CompiledScenario
{
    private CompiledScenario(PreparedRequest[] init, PreparedRequest[] main, PreparedRequest[] end)
    {
        Init = init;
        Main = main;
        End = end;
    }

    public PreparedRequest[] Init { get; }

    public PreparedRequest[] Main { get; }

    public PreparedRequest[] End { get; }

    public static CompiledScenario Compile(Scenario scenario, Uri baseAddress) => new(
        Prepare(scenario.Init, baseAddress),
        Prepare(scenario.Main, baseAddress),
        Prepare(scenario.End, baseAddress));

    private static PreparedRequest[] Prepare(IReadOnlyList<Activity> activities, Uri baseAddress) =>
        [.. activities.OfType<RequestActivity>().Select(r => new PreparedRequest(
            r.Method,
            RequestUrl.Resolve(baseAddress, r.Url),
            r.Headers,
            r.Body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(r.Body),
            r.EffectiveTag))];
}
