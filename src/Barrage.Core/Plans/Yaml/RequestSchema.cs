namespace Barrage.Plans.Yaml;

/// <summary>The YAML forms of an HTTP request: <c>get: /path</c> with options beside it, or <c>request: { method, url, ... }</c>.</summary>
internal static class RequestSchema
{
    /// <summary>The methods that have a shorthand key; any other method needs the long form.</summary>
    public static readonly string[] ShorthandMethods = ["get", "post", "put", "patch", "delete", "head", "options"];

    /// <summary>The long form's key.</summary>
    public const string LongFormKey = "request";

    private static readonly MapSchema<RequestActivity> LongFormBody = WithOptions(new MapSchema<RequestActivity>()
        .Required("method", (a, v, r) => r.Text(v, PlanRules.CheckMethod) is { } m ? a with { Method = m.ToUpperInvariant() } : a)
        .Required("url", (a, v, r) => r.Text(v, PlanRules.CheckRequestUrl) is { } u ? a with { Url = u } : a));

    /// <summary>The long form: the activity holds only <c>request</c>, everything else is inside it.</summary>
    public static readonly MapSchema<RequestActivity> LongForm = new MapSchema<RequestActivity>()
        .Required(LongFormKey, (a, v, r) => LongFormBody.Read(v, a, r));

    /// <summary>The shorthand for <paramref name="method"/>: its key holds the URL, options sit beside it.</summary>
    public static MapSchema<RequestActivity> Shorthand(string method) => WithOptions(new MapSchema<RequestActivity>()
        .Required(method, (a, v, r) => r.Text(v, PlanRules.CheckRequestUrl) is { } u ? a with { Url = u } : a));

    /// <summary>A request to fill in, positioned at its activity; method and URL come from the fields.</summary>
    public static RequestActivity Seed(string method, MappingNode at) =>
        new() { Method = method.ToUpperInvariant(), Url = "", Position = at.Start };

    // The options every request form takes; a new request option (check, extract...) is one line here.
    private static MapSchema<RequestActivity> WithOptions(MapSchema<RequestActivity> schema) => schema
        .Field("tag", (a, v, r) => r.Text(v, PlanRules.CheckTag) is { } t ? a with { Tag = t } : a)
        .Field("headers", (a, v, r) => a with { Headers = r.Pairs(v, PlanRules.CheckHeaderName, PlanRules.CheckHeaderValue) })
        .Field("body", (a, v, r) => r.Text(v) is { } b ? a with { Body = b } : a);
}
