namespace Barrage.Plans.Yaml;

/// <summary>The YAML forms of an HTTP request: <c>get: /path</c> with options beside it, or <c>request: { method, url, ... }</c>.</summary>
internal static class RequestSchema
{
    /// <summary>The methods that have a shorthand key; any other method needs the long form.</summary>
    public static readonly string[] ShorthandMethods = ["get", "post", "put", "patch", "delete", "head", "options"];

    /// <summary>The long form's key.</summary>
    public const string LongFormKey = "request";

    private static readonly string[] BodyKinds = ["body", "json", "form", "file", "multipart"];

    private static readonly MapSchema<RequestActivity> LongFormBody = WithOptions(new MapSchema<RequestActivity>()
        .Required("method", (a, v, r) => r.Text(v, PlanRules.CheckMethod) is { } m ? a with { Method = m.ToUpperInvariant() } : a)
        .Required("url", (a, v, r) => r.Template(v, PlanRules.CheckRequestUrlTemplate) is { } u ? a with { Url = u } : a));

    /// <summary>The long form: the activity holds only <c>request</c>, everything else is inside it.</summary>
    public static readonly MapSchema<RequestActivity> LongForm = new MapSchema<RequestActivity>()
        .Required(LongFormKey, (a, v, r) => LongFormBody.Read(v, a, r));

    private static readonly MapSchema<MultipartPart> PartFields = new MapSchema<MultipartPart>()
        .Required("name", (p, v, r) => r.Text(v) is { } n ? p with { Name = n } : p)
        .Field("value", (p, v, r) => r.Template(v) is { } t ? p with { Value = t } : p)
        .Field("file", (p, v, r) => r.Text(v) is { } f ? p with { File = PlanFiles.Resolve(f, v, r) } : p)
        .Field("content_type", (p, v, r) => r.Text(v, PlanRules.CheckHeaderValue) is { } c ? p with { ContentType = c } : p)
        .Check((p, map, path, r) =>
        {
            if ((map.Find("value") is null) == (map.Find("file") is null))
                r.Error(map, $"{path}: a part has either 'value' or 'file'");
        });

    /// <summary>The shorthand for <paramref name="method"/>: its key holds the URL, options sit beside it.</summary>
    public static MapSchema<RequestActivity> Shorthand(string method) => WithOptions(new MapSchema<RequestActivity>()
        .Required(method, (a, v, r) => r.Template(v, PlanRules.CheckRequestUrlTemplate) is { } u ? a with { Url = u } : a));

    /// <summary>A request to fill in, positioned at its activity; method and URL come from the fields.</summary>
    public static RequestActivity Seed(string method, MappingNode at) =>
        new() { Method = method.ToUpperInvariant(), Url = "", Position = at.Start };

    // The options every request form takes; a new request option (check, extract...) is one line here.
    private static MapSchema<RequestActivity> WithOptions(MapSchema<RequestActivity> schema) => schema
        .Field("tag", (a, v, r) => r.Text(v, PlanRules.CheckTag) is { } t ? a with { Tag = t } : a)
        .Field("check", (a, v, r) => a with { Checks = CheckSchema.Read(v, r) })
        .Field("extract", (a, v, r) => a with { Extractors = ExtractSchema.Read(v, r) })
        .Field("query", (a, v, r) => a with { Query = r.TemplatePairs(v, _ => null, _ => null) })
        .Field("headers", (a, v, r) => a with { Headers = r.TemplatePairs(v, PlanRules.CheckHeaderName, PlanRules.CheckHeaderValue) })
        .Field("body", (a, v, r) => r.Template(v) is { } b ? a with { Body = b } : a)
        .Field("json", (a, v, r) => a with { Json = JsonField.Read(v, r) })
        .Field("form", (a, v, r) => a with { Form = r.TemplatePairs(v, _ => null, _ => null) })
        .Field("file", (a, v, r) => r.Text(v) is { } f ? a with { File = PlanFiles.Resolve(f, v, r) } : a)
        .Field("multipart", (a, v, r) => a with { Multipart = r.List(v, (item, ir) => PartFields.Read(item, new MultipartPart(""), ir)) })
        .Field("timeout", (a, v, r) => r.Duration(v, allowZero: false) is { } d ? a with { Timeout = d } : a)
        .Field("auth", (a, v, r) => a with { Auth = AuthField.Read(v, r) })
        .Field("http2", (a, v, r) => r.Bool(v) is { } b ? a with { Http2 = b } : a)
        .Check(CheckOneBody);

    private static void CheckOneBody(RequestActivity request, MappingNode map, string path, NodeReader reader)
    {
        var bodies = map.Entries.Where(e => e.Key is ScalarNode { IsNull: false } k && BodyKinds.Contains(k.Value)).ToList();
        if (bodies.Count > 1)
        {
            reader.Error(bodies[1].Key, $"{path}: a request has one body, found {string.Join(" and ", bodies.Select(e => $"'{((ScalarNode)e.Key).Value}'"))}");
        }
    }
}
