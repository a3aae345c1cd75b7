using System.Text;
using Barrage.Plans;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>
/// Turns a validated <see cref="Scenario"/> into steps: templates compiled once, fixed requests prepared once,
/// named sequences linked to their calls.
/// </summary>
internal sealed class ScenarioCompiler
{
    private readonly Scenario _scenario;
    private readonly Uri _base;
    private readonly bool _keepAlive;
    private readonly bool _debug;
    private readonly Dictionary<string, SequenceStep> _sequences = new(StringComparer.Ordinal);

    /// <param name="scenario">The scenario.</param>
    /// <param name="target">The target's base address.</param>
    /// <param name="keepAlive">The transports' keep-alive setting.</param>
    /// <param name="debug">Requests go through their step so they can be printed.</param>
    public ScenarioCompiler(Scenario scenario, Uri target, bool keepAlive, bool debug)
    {
        _scenario = scenario;
        _keepAlive = keepAlive;
        _debug = debug;
        _base = scenario.BaseUrl is { } b ? RequestUrl.Resolve(target, b) : target;
        foreach (var name in scenario.Sequences.Keys)
            _sequences[name] = new SequenceStep([]);
    }

    public Step[] Compile(IReadOnlyList<Activity> activities) => [.. activities.Select(Compile)];

    /// <summary>Compiles the named sequences into the steps their calls hold.</summary>
    public void CompileSequences()
    {
        foreach (var (name, steps) in _scenario.Sequences)
            _sequences[name].Steps = Compile(steps);
    }

    /// <summary>The scenario's variables as each user starts with them.</summary>
    public (string Name, Template Value)[] Variables() =>
        [.. _scenario.Variables.Select(v => (v.Key, Parse(v.Value)))];

    private Step Compile(Activity activity) => activity switch
    {
        RequestActivity r => CompileRequest(r),
        ThinkActivity t => new ThinkStep(t.Time),
        ParallelActivity p => new ParallelStep([.. p.Steps.Select(Compile)], p.Limit),
        LoopActivity l => new LoopStep(Compile(l.Steps), l.Count, l.While is null ? null : ParseCondition(l.While)),
        IfActivity i => new IfStep(ParseCondition(i.Condition), Compile(i.Then), Compile(i.Else)),
        GroupActivity g => new GroupStep(g.Name, Compile(g.Steps)),
        CallActivity c => new CallStep(_sequences[c.Sequence], c.Times),
        SetActivity s => new SetStep([.. s.Variables.Select(v => (v.Key, Parse(v.Value)))]),
        LogActivity l => new LogStep(Parse(l.Message)),
        WebSocketConnectActivity c => new WebSocketConnectStep(
            c.Socket, Parse(c.Url), _base, [.. c.Headers.Select(h => (h.Key, Parse(h.Value)))], c.Subprotocol, c.Timeout, c.EffectiveTag),
        WebSocketSendActivity s => new WebSocketSendStep(s.Socket, Parse(s.Message), s.Binary, s.Timeout, s.EffectiveTag),
        WebSocketReceiveActivity r => new WebSocketReceiveStep(r.Socket, r.Timeout, MessageRules(r), r.EffectiveTag),
        WebSocketCloseActivity c => new WebSocketCloseStep(c.Socket, c.Timeout, c.EffectiveTag),
        CustomActivity c => new CustomStep(c.Kind, c.Body, _base, c.Plugin),
        _ => throw new NotSupportedException($"No step for activity {activity.GetType().Name}."),
    };

    private RequestStep CompileRequest(RequestActivity request)
    {
        var url = Parse(request.Url);
        if (request.Query.Count > 0)
        {
            var parts = new List<TemplatePart>(url.Parts);
            var separator = request.Url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            foreach (var (name, value) in request.Query)
            {
                parts.Add(new LiteralPart(separator + Uri.EscapeDataString(name) + "="));
                parts.AddRange(EncodedPart.Encode(Parse(value), EncodedPart.Url));
                separator = "&";
            }
            url = Template.FromParts(request.Url, parts);
        }

        // Loops rather than LINQ over the header pairs (structs): that is generic code compiled at run time, which
        // every run paid for at its start.
        var headers = new List<(string Name, Template Value)>();
        bool Has(string name)
        {
            foreach (var h in request.Headers)
            {
                if (h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }
        bool Added(string name)
        {
            foreach (var h in headers)
            {
                if (h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }
        foreach (var (name, value) in _scenario.Headers)
        {
            if (!Has(name))
                headers.Add((name, Parse(value)));
        }
        var auth = request.Auth ?? _scenario.Auth;
        if (auth is { Kind: not AuthKind.Digest } && !Has("Authorization"))
            headers.Add(("Authorization", AuthHeader(auth)));
        (Template, Template)? digest = auth is { Kind: AuthKind.Digest } && !Has("Authorization") ? (Parse(auth.User), Parse(auth.Password)) : null;
        var (body, contentType) = Body(request);
        if (contentType is not null && !Has("Content-Type") && !Added("Content-Type"))
            headers.Add(("Content-Type", Template.Of(contentType)));
        foreach (var h in request.Headers)
            headers.Add((h.Key, Parse(h.Value)));

        var tag = request.EffectiveTag;
        // "http://${host}/x" is absolute before it is rendered; "${next}" is decided by the renderer once it is.
        var absolute = PlanRules.IsHttpPrefix(request.Url);
        var origin = absolute ? null : new Uri(_base.GetLeftPart(UriPartial.Authority));
        var rules = new ResponseRules(request.Checks, request.Extractors);
        // The response is read when a check or an extraction needs it, or when the cookie jar takes its Set-Cookie.
        var capture = rules.NeedsResponse || _scenario.Cookies;
        var renderer = new RequestRenderer(request.Method, url, origin, _base.AbsolutePath.TrimEnd('/'), headers, body, tag, _keepAlive, capture);
        if (url.IsLiteral && AllLiteral(headers) && body.All(b => b.Text is null || b.Text.IsLiteral))
        {
            var bytes = new List<byte>();
            foreach (var segment in body)
                bytes.AddRange(segment.Bytes ?? Encoding.UTF8.GetBytes(segment.Text!.Literal!));
            var literalHeaders = new KeyValuePair<string, string>[headers.Count];
            for (var i = 0; i < literalHeaders.Length; i++)
                literalHeaders[i] = new(headers[i].Name, headers[i].Value.Literal!);
            var prepared = new PreparedRequest(request.Method, RequestUrl.Resolve(_base, url.Literal!), literalHeaders, bytes.ToArray(), tag)
            {
                CaptureResponse = capture,
            };
            return new RequestStep(prepared, renderer, request.Timeout, _debug, digest, rules, capture, request.Http2);
        }
        return new RequestStep(null, renderer, request.Timeout, _debug, digest, rules, capture, request.Http2);
    }

    // What a received message must hold (pattern, contains) comes first, then the other checks, as written.
    private static ResponseRules MessageRules(WebSocketReceiveActivity receive)
    {
        var checks = new List<Check>();
        if (receive.Pattern is { } pattern)
            checks.Add(new Checks.BodyRegexCheck($"pattern /{pattern}/", receive.OnFailure, pattern));
        if (receive.Contains is { } text)
            checks.Add(new Checks.BodyContainsCheck($"contains {ResponseText.Quote(text)}", receive.OnFailure, text));
        checks.AddRange(receive.Checks);
        return new ResponseRules(checks, receive.Extractors);
    }

    private (IReadOnlyList<BodySegment> Body, string? ContentType) Body(RequestActivity request)
    {
        if (request.Body is { } text)
            return ([new BodySegment(null, Parse(text))], null);
        if (request.Json is { } json)
            return ([new BodySegment(null, JsonTemplate.Compile(json, []))], "application/json");
        if (request.Form is { } form)
        {
            var parts = new List<TemplatePart>();
            foreach (var (name, value) in form)
            {
                parts.Add(new LiteralPart((parts.Count == 0 ? "" : "&") + Uri.EscapeDataString(name) + "="));
                parts.AddRange(EncodedPart.Encode(Parse(value), EncodedPart.Url));
            }
            return ([new BodySegment(null, Template.FromParts("form", parts))], "application/x-www-form-urlencoded");
        }
        if (request.File is { } file)
            return ([new BodySegment(File.ReadAllBytes(file), null)], "application/octet-stream");
        if (request.Multipart is { } multipart)
        {
            var boundary = "barrage-" + Guid.NewGuid().ToString("N");
            var segments = new List<BodySegment>();
            foreach (var part in multipart)
            {
                var head = new StringBuilder().Append("--").Append(boundary).Append("\r\nContent-Disposition: form-data; name=\"").Append(part.Name).Append('"');
                if (part.File is { } path)
                    head.Append("; filename=\"").Append(Path.GetFileName(path)).Append('"');
                head.Append("\r\n");
                if ((part.ContentType ?? (part.File is null ? null : "application/octet-stream")) is { } type)
                    head.Append("Content-Type: ").Append(type).Append("\r\n");
                head.Append("\r\n");
                segments.Add(new BodySegment(Encoding.UTF8.GetBytes(head.ToString()), null));
                segments.Add(part.File is { } f ? new BodySegment(File.ReadAllBytes(f), null) : new BodySegment(null, Parse(part.Value ?? "")));
                segments.Add(new BodySegment("\r\n"u8.ToArray(), null));
            }
            segments.Add(new BodySegment(Encoding.UTF8.GetBytes($"--{boundary}--\r\n"), null));
            return (segments, $"multipart/form-data; boundary={boundary}");
        }
        return ([], null);
    }

    private static bool AllLiteral(List<(string Name, Template Value)> headers)
    {
        foreach (var h in headers)
        {
            if (!h.Value.IsLiteral)
                return false;
        }
        return true;
    }

    private static Template AuthHeader(AuthSpec auth)
    {
        if (auth.Kind == AuthKind.Bearer)
            return Template.FromParts("Bearer", [new LiteralPart("Bearer "), .. Parse(auth.Token).Parts]);
        var credentials = Template.FromParts("basic", [.. Parse(auth.User).Parts, new LiteralPart(":"), .. Parse(auth.Password).Parts]);
        return Template.FromParts("Basic", [new LiteralPart("Basic "), .. EncodedPart.Encode(credentials, (to, s) => to.Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(s))))]);
    }

    // The scenario was validated: parsing cannot fail here.
    private static Template Parse(string text) => Template.Parse(text, []);

    private static Condition ParseCondition(string text) => Condition.Parse(text, [])!;
}
