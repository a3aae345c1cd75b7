namespace Barrage.Plans.Yaml;

/// <summary>
/// The YAML of the web-socket activities: <c>ws_connect: URL</c>, <c>ws_send: TEXT</c>, and <c>ws_receive:</c> and
/// <c>ws_close:</c> with no value; options sit beside the key, and <c>name</c>, <c>timeout</c> and <c>tag</c> go with each.
/// </summary>
internal static class WebSocketSchemas
{
    // The upgrade's own fields: ClientWebSocket writes them, and a second copy would break the handshake.
    private static readonly string[] UpgradeHeaders = ["Host", "Connection", "Upgrade", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"];

    public static readonly MapSchema<WebSocketConnectActivity> Connect = Common(new MapSchema<WebSocketConnectActivity>()
        .Required("ws_connect", (a, v, r) => r.Template(v, WebSocketUrl.Check) is { } u ? a with { Url = u } : a)
        .Field("headers", (a, v, r) => a with { Headers = r.TemplatePairs(v, CheckHeaderName, PlanRules.CheckHeaderValue) })
        .Field("subprotocol", (a, v, r) => r.Text(v, CheckSubprotocol) is { } p ? a with { Subprotocol = p } : a));

    public static readonly MapSchema<WebSocketSendActivity> Send = Common(new MapSchema<WebSocketSendActivity>()
        .Required("ws_send", (a, v, r) => r.Template(v) is { } m ? a with { Message = m } : a)
        .Field("binary", (a, v, r) => r.Bool(v) is { } b ? a with { Binary = b } : a));

    public static readonly MapSchema<WebSocketReceiveActivity> Receive = Common(new MapSchema<WebSocketReceiveActivity>()
        .Required("ws_receive", NoValue<WebSocketReceiveActivity>("timeout: 2s, pattern: \"^ok\""))
        .Field("pattern", (a, v, r) => CheckSchema.ReadRegex(v, r) is { } p ? a with { Pattern = p } : a)
        .Field("contains", (a, v, r) => r.Text(v) is { } t ? a with { Contains = t } : a)
        .Field("on_failure", (a, v, r) => r.Choice(v, CheckSchema.FailureActions) is { } f ? a with { OnFailure = f } : a)
        .Field("extract", (a, v, r) => a with { Extractors = ExtractSchema.Read(v, r) })
        .Check(CheckMessageExtractors));

    public static readonly MapSchema<WebSocketCloseActivity> Close = Common(new MapSchema<WebSocketCloseActivity>()
        .Required("ws_close", NoValue<WebSocketCloseActivity>("name: chat")));

    // The options every web-socket step takes.
    private static MapSchema<T> Common<T>(MapSchema<T> schema)
        where T : WebSocketActivity => schema
        .Field("name", (a, v, r) => r.Text(v, CheckSocketName) is { } n ? (T)((WebSocketActivity)a with { Socket = n }) : a)
        .Field("timeout", (a, v, r) => r.Duration(v, allowZero: false) is { } d ? (T)((WebSocketActivity)a with { Timeout = d }) : a)
        .Field("tag", (a, v, r) => r.Text(v, PlanRules.CheckTag) is { } t ? (T)((WebSocketActivity)a with { Tag = t }) : a);

    private static FieldReader<T> NoValue<T>(string example) => (a, v, r) =>
    {
        if (v.Node is not ScalarNode { IsNull: true })
            r.Error(v, $"takes no value; its options go beside it ({example}), and 'name' says which socket");
        return a;
    };

    /// <summary>A socket's name: not empty, one line.</summary>
    public static string? CheckSocketName(string name) =>
        name.Length > 0 && !name.Any(char.IsControl) ? null : "a socket name cannot be empty or contain control characters";

    private static string? CheckHeaderName(string name) =>
        PlanRules.CheckHeaderName(name) ?? (UpgradeHeaders.Contains(name, StringComparer.OrdinalIgnoreCase)
            ? $"'{name}' belongs to the upgrade itself and is written by the client{(name.Equals("Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase) ? "; use 'subprotocol'" : "")}"
            : null);

    private static string? CheckSubprotocol(string text) =>
        PlanRules.CheckHeaderName(text) is null ? null : $"a subprotocol is a token such as chat.v1, got {PlanRules.Quote(text)}";

    // A message has a body only: values come from it by regex or JSONPath (XPath and CSS work too, on an HTML message).
    private static void CheckMessageExtractors(WebSocketReceiveActivity receive, MappingNode map, string path, NodeReader reader)
    {
        if (map.Find("extract") is not MappingNode extract)
            return;
        foreach (var (key, value) in extract.Entries)
        {
            if (key is not ScalarNode { IsNull: false } name || value is not MappingNode source)
                continue;
            foreach (var kind in new[] { "header", "cookie" })
            {
                if (source.Find(kind) is { } node)
                    reader.Error(node, $"{path}.extract.{name.Value}.{kind}: a message has no {kind}s; take the value with 'regex' or 'json'");
            }
        }
    }
}
