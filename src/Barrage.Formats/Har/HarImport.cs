using System.Globalization;
using System.Text.RegularExpressions;
using Barrage.Formats.Imports;
using YamlDotNet.RepresentationModel;

namespace Barrage.Formats.Har;

/// <summary>
/// <c>barrage import har</c>: a browser recording as a plan. Requests the browser had in flight together
/// become a <c>parallel</c> group, pauses between pages become think times, cookies are left to the
/// user's cookie jar (the server sets them again on every run) unless asked to keep them, and values the server
/// gave that come back in later requests are traced (<see cref="ValueTracing"/>).
/// </summary>
public static class HarImport
{
    // Never carried over: the transport frames requests and manages connections itself.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Content-Length",
    };

    // What a browser adds about itself or its cache; replayed by a load test it only misleads (304s, stale hints).
    private static readonly HashSet<string> BrowserNoise = new(StringComparer.OrdinalIgnoreCase)
    {
        "Upgrade-Insecure-Requests", "Priority", "DNT", "Purpose", "Sec-GPC", "X-Client-Data", "If-None-Match", "If-Modified-Since", "Pragma", "Cache-Control",
    };

    /// <summary>Makes a plan of <paramref name="entries"/>.</summary>
    /// <exception cref="ImportException">There are no entries, or nothing is left after the host filters.</exception>
    public static ImportResult Import(IReadOnlyList<HarEntry> entries, string source, HarImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<ImportWarning>();
        var include = options.Include.Select(Glob).ToList();
        var exclude = options.Exclude.Select(Glob).ToList();
        var kept = entries.Where(e => (include.Count == 0 || include.Any(g => g.IsMatch(e.Url.Host))) && !exclude.Any(g => g.IsMatch(e.Url.Host))).ToList();
        var leftOut = entries.Except(kept).Select(e => e.Url.Host).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (entries.Count == 0)
            throw new ImportException($"{source}: log.entries is empty: the recording holds no request to import");
        if (kept.Count == 0)
            throw new ImportException($"{source}: no request left to import (the host filters left out all {entries.Count})");

        var origin = Origin(options.Target) ?? kept.GroupBy(e => Origin(e.Url)!).OrderByDescending(g => g.Count()).ThenBy(g => g.Min(e => e.Started)).First().Key;
        var sockets = kept.Count(e => e.WebSocketMessages is not null);
        if (options.Target is { } given && given.AbsolutePath != "/")
            warnings.Add(new ImportWarning("--target", $"a recording's paths are absolute; the path of {given} is not used"));

        warnings.AddRange(options.Warnings);
        var tracing = options.Trace ? ValueTracing.Trace([.. kept.Where(e => e.WebSocketMessages is null)]) : null;
        var main = new YamlSequenceNode();
        int droppedCookies = 0, socket = 0, binaryMessages = 0;
        HarEntry? previous = null;
        DateTimeOffset groupEnd = DateTimeOffset.MinValue;
        foreach (var group in Overlapping(kept))
        {
            if (previous is not null)
            {
                var pause = group[0].Started - groupEnd;
                bool newPage = group[0].PageRef != previous.PageRef;
                if (pause >= options.MinThink || (newPage && pause > TimeSpan.Zero))
                    main.Add(new YamlMappingNode { { "think", Milliseconds(pause) } });
            }
            if (group is [{ WebSocketMessages: not null } ws])
            {
                foreach (var step in WebSocket(ws, sockets > 1 ? $"ws{++socket}" : null, origin, options, ref droppedCookies, ref binaryMessages))
                    main.Add(step);
            }
            else
            {
                var requests = group.Select(e => Request(e, origin, options, tracing, ref droppedCookies)).ToList();
                if (requests.Count == 1)
                    main.Add(requests[0]);
                else
                    main.Add(new YamlMappingNode { { "parallel", new YamlSequenceNode(requests) } });
            }
            previous = group[^1];
            groupEnd = group.Max(EndOf);
        }

        var plan = new YamlMappingNode
        {
            { "name", PlanYaml.Scalar(AmmoImport.NameOf(source)) },
            { "target", PlanYaml.Scalar(origin.ToString().TrimEnd('/')) },
            { "load", PlanYaml.DefaultLoad() },
            { "scenario", new YamlMappingNode { { "main", main } } },
        };
        var comments = new List<string>
        {
            $"Imported from {options.SourceDescription ?? "the HAR recording " + Path.GetFileName(source)}: {kept.Count} request(s) of {entries.Count}.",
            "Requests the browser had in flight together are 'parallel' groups; pauses are think times.",
        };
        if (leftOut.Count > 0)
            comments.Add($"Left out by the host filters: {entries.Count - kept.Count} request(s) to {string.Join(", ", leftOut)}.");
        if (sockets > 0)
            comments.Add($"{sockets} web socket(s): ws_connect, then the messages as they went (ws_send) and came (ws_receive), then ws_close."
                + (binaryMessages > 0 ? $" {binaryMessages} binary message(s) sent were left out (ws_send sends text)." : ""));
        if (droppedCookies > 0)
            comments.Add($"{droppedCookies} recorded Cookie header(s) left out: the user's cookie jar keeps what the server sets (--keep-cookies keeps them).");
        if (tracing is { Values.Count: > 0 })
        {
            comments.Add($"Traced {tracing.Values.Count} value(s) from responses into later requests (extract, then ${{name}}):");
            comments.AddRange(tracing.Values.Select(t =>
                $"  {t.Name}: {t.Where} of request {t.Source.Index + 1} ({t.Source.Method} {t.Source.Url.AbsolutePath}), sent by request(s) {string.Join(", ", t.UsedBy.Select(u => u + 1))}"));
        }
        comments.AddRange(warnings.Select(w => "warning: " + w));
        return new ImportResult(PlanYaml.Write(plan, comments), warnings);
    }

    /// <summary>Groups of requests in flight at once: a request joins the group while it starts before the group's last end.</summary>
    internal static IEnumerable<List<HarEntry>> Overlapping(IEnumerable<HarEntry> sorted)
    {
        List<HarEntry>? group = null;
        DateTimeOffset end = DateTimeOffset.MinValue;
        foreach (var entry in sorted)
        {
            // A web socket stays open beside whatever follows: its steps run in order, never inside a parallel group.
            if (entry.WebSocketMessages is not null)
            {
                if (group is not null)
                    yield return group;
                yield return [entry];
                group = null;
                continue;
            }
            if (group is not null && entry.Started < end)
            {
                group.Add(entry);
                end = entry.Ended > end ? entry.Ended : end;
                continue;
            }
            if (group is not null)
                yield return group;
            group = [entry];
            end = entry.Ended;
        }
        if (group is not null)
            yield return group;
    }

    private static YamlMappingNode Request(HarEntry entry, Uri origin, HarImportOptions options, ValueTracing? tracing, ref int droppedCookies)
    {
        string Text(string recorded) => tracing is null ? PlanYaml.Literal(recorded) : tracing.Apply(entry, PlanYaml.Literal(recorded));

        var headers = Headers(entry, options, Text, ref droppedCookies);
        if (entry.Body is not null && entry.MimeType is { Length: > 0 } mime && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            headers.Add(new("Content-Type", mime));
        var url = Origin(entry.Url) == origin ? entry.Url.PathAndQuery : entry.Url.GetLeftPart(UriPartial.Query);
        var node = PlanYaml.Request(entry.Method, Text(url), null, headers, string.IsNullOrEmpty(entry.Body) ? null : Text(entry.Body));
        if (tracing?.ExtractsOf(entry) is { Count: > 0 } extracts)
        {
            var extract = new YamlMappingNode();
            foreach (var (name, how) in extracts)
                extract.Add(name, how);
            PlanYaml.Options(node).Add("extract", extract);
        }
        return node;
    }

    // The headers a plan keeps of a recorded request: no connection-level ones, cookies and browser noise as asked.
    private static List<KeyValuePair<string, string>> Headers(HarEntry entry, HarImportOptions options, Func<string, string> text, ref int droppedCookies)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in entry.Headers)
        {
            var name = header.Key;
            if (name.StartsWith(':') || HopByHop.Contains(name))
                continue; // HTTP/2 pseudo-headers and connection-level headers
            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) && !options.KeepCookies)
            {
                droppedCookies++;
                continue;
            }
            if (!options.KeepHeaders && (BrowserNoise.Contains(name) || name.StartsWith("Sec-", StringComparison.OrdinalIgnoreCase)))
                continue;
            headers.Add(new(name, text(header.Value)));
        }
        return headers;
    }

    // A recorded web socket as steps: connect (the target's ws:// as a path), each message in order, close.
    private static List<YamlMappingNode> WebSocket(HarEntry entry, string? name, Uri origin, HarImportOptions options, ref int droppedCookies, ref int binaryMessages)
    {
        var sameOrigin = Origin(entry.Url) == origin;
        var connect = new YamlMappingNode { { "ws_connect", PlanYaml.Scalar(PlanYaml.Literal(sameOrigin ? entry.Url.PathAndQuery : entry.Url.ToString())) } };
        if (name is not null)
            connect.Add("name", name);
        var headers = Headers(entry, options with { KeepHeaders = false }, PlanYaml.Literal, ref droppedCookies);
        if (headers.Count > 0)
        {
            var map = new YamlMappingNode();
            foreach (var (header, value) in headers)
                map.Add(PlanYaml.Scalar(header), PlanYaml.Scalar(value));
            connect.Add("headers", map);
        }
        if (entry.Headers.FirstOrDefault(h => h.Key.Equals("Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } protocols)
            connect.Add("subprotocol", PlanYaml.Scalar(protocols.Split(',')[0].Trim()));
        var steps = new List<YamlMappingNode> { connect };
        YamlMappingNode Step(string kind, YamlNode value)
        {
            var step = new YamlMappingNode { { kind, value } };
            if (name is not null)
                step.Add("name", name);
            return step;
        }
        foreach (var message in entry.WebSocketMessages!)
        {
            if (!message.Sent)
                steps.Add(Step("ws_receive", new YamlScalarNode()));
            else if (message.Binary)
                binaryMessages++;
            else
                steps.Add(Step("ws_send", PlanYaml.Scalar(PlanYaml.Literal(message.Data))));
        }
        steps.Add(Step("ws_close", new YamlScalarNode()));
        return steps;
    }

    // When an entry's part of the recording ends: a web socket's at its last message (it stays open past what follows).
    private static DateTimeOffset EndOf(HarEntry entry) => entry.WebSocketMessages switch
    {
        null => entry.Ended,
        [.., { At: { } last }] when last >= entry.Started => last,
        _ => entry.Started,
    };

    // The http(s) origin of a URL; a web socket's is the http(s) one it upgrades from.
    private static Uri? Origin(Uri? url)
    {
        if (url is null)
            return null;
        var http = url.Scheme switch { "ws" => new UriBuilder(url) { Scheme = "http", Port = url.Port }.Uri, "wss" => new UriBuilder(url) { Scheme = "https", Port = url.Port }.Uri, _ => url };
        return new Uri(http.GetLeftPart(UriPartial.Authority) + "/");
    }

    private static string Milliseconds(TimeSpan pause) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (long)Math.Round(pause.TotalMilliseconds))}ms");

    // Host patterns: '*' is any run of characters; matched against the whole host, ignoring case.
    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern.Trim()).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
