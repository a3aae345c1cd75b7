using Barrage.Autostop;
using Barrage.Thresholds;

namespace Barrage.Plans.Yaml;

/// <summary>Reads one item of <c>thresholds:</c> or <c>autostop:</c>; a syntax error points at its column inside the scalar.</summary>
internal static class ThresholdField
{
    public static Threshold? Read(YamlValue value, NodeReader reader)
    {
        if (reader.Text(value) is not { } text)
            return null;
        if (ThresholdParser.TryParse(text, out var threshold, out var error))
            return threshold with { Position = value.Node.Start };
        Report(value, reader, error);
        return null;
    }

    public static AutostopCriterion? ReadAutostop(YamlValue value, NodeReader reader)
    {
        if (reader.Text(value) is not { } text)
            return null;
        if (AutostopParser.TryParse(text, out var criterion, out var error))
            return criterion;
        Report(value, reader, error);
        return null;
    }

    private static void Report(YamlValue value, NodeReader reader, ThresholdSyntaxError error)
    {
        // A quoted scalar's text starts one column after its quote; block scalars are not worth the trouble.
        var start = value.Node.Start;
        var quote = value.Node is ScalarNode { IsPlain: false } ? 1 : 0;
        var at = start with { Column = start.Column + quote + error.Column - 1 };
        reader.Errors.Add(new PlanError(at, $"{value.Path}: {error.Message}"));
    }
}
