namespace Barrage.Plans.Yaml;

/// <summary>Reads <c>think:</c>: <c>2s</c>, <c>1s..3s</c>, <c>{ exponential: 2s }</c> or <c>{ normal: { mean: 2s, stddev: 500ms } }</c>.</summary>
internal static class ThinkField
{
    private static readonly MapSchema<ThinkTime> NormalFields = new MapSchema<ThinkTime>()
        .Required("mean", (t, v, r) => r.Duration(v, allowZero: true) is { } d ? t with { Mean = d } : t)
        .Required("stddev", (t, v, r) => r.Duration(v, allowZero: true) is { } d ? t with { StdDev = d } : t);

    private static readonly MapSchema<ThinkTime?> Distributions = new MapSchema<ThinkTime?>()
        .Field("exponential", (t, v, r) => r.Duration(v, allowZero: false) is { } d ? ThinkTime.Exponential(d) : t)
        .Field("normal", (t, v, r) => NormalFields.Read(v, ThinkTime.Normal(TimeSpan.Zero, TimeSpan.Zero), r))
        .Check((t, map, path, r) =>
        {
            if (map.Entries.Count != 1)
                r.Error(map, $"{path}: expected exactly one of: exponential, normal");
        });

    public static ThinkTime? Read(YamlValue value, NodeReader reader)
    {
        if (value.Node is MappingNode)
            return Distributions.Read(value, null, reader);
        if (reader.Text(value) is not { } text)
            return null;
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
            return Parse(text, value, reader) is { } fixedTime ? ThinkTime.Fixed(fixedTime) : null;
        var min = Parse(text[..dots], value, reader);
        var max = Parse(text[(dots + 2)..], value, reader);
        if (min is null || max is null)
            return null;
        if (min > max)
        {
            reader.Error(value, $"the low end of {PlanRules.Quote(text)} is above the high end");
            return null;
        }
        return ThinkTime.Between(min.Value, max.Value);
    }

    private static TimeSpan? Parse(string text, YamlValue value, NodeReader reader)
    {
        if (Durations.TryParse(text, out var d, out var error))
            return d;
        reader.Error(value, $"{error} (a think time is 2s, a range 1s..3s, or {{ exponential: 2s }} / {{ normal: {{ mean: 2s, stddev: 500ms }} }})");
        return null;
    }
}
