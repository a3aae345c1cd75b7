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

    /// <summary>Resolves a request's URL: absolute URLs stay, paths are appended to the base address's path.</summary>
    public static Uri Resolve(Uri baseAddress, string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return absolute;
        var basePath = baseAddress.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(baseAddress) { Query = "", Fragment = "" };
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var path = q >= 0 ? url[..q] : url;
        builder.Path = basePath + (path.StartsWith('/') ? path : "/" + path);
        if (q >= 0)
            builder.Query = url[(q + 1)..];
        return builder.Uri;
    }

    private static PreparedRequest[] Prepare(IReadOnlyList<Activity> activities, Uri baseAddress) =>
        [.. activities.OfType<RequestActivity>().Select(r => new PreparedRequest(
            r.Method,
            Resolve(baseAddress, r.Url),
            r.Headers,
            r.Body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(r.Body),
            r.EffectiveTag))];
}
