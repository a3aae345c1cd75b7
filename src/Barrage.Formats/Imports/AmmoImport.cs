using System.Text;
using System.Text.Unicode;
using Barrage.Formats.Ammo;
using YamlDotNet.RepresentationModel;

namespace Barrage.Formats.Imports;

/// <summary>
/// <c>barrage import ammo</c>: Phantom ammo (request, uri or uripost style) as a plan whose <c>main</c>
/// lists the requests in order, so a user can edit them, add checks and extraction. A plan that only
/// replays ammo does not need this: <c>ammo: { file: ... }</c> sends the file as it is.
/// </summary>
public static class AmmoImport
{
    // Connection handling and framing are the transport's business; carried over they would fight it.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Content-Length",
    };

    /// <summary>Makes a plan of <paramref name="requests"/>.</summary>
    /// <param name="requests">The ammo, as <see cref="AmmoReader"/> read it.</param>
    /// <param name="source">The ammo file's name, for the plan's comments and its name.</param>
    /// <param name="target">The base URL; null to take it from the first request's Host header.</param>
    /// <exception cref="ImportException">No target was given and no request names a Host.</exception>
    public static ImportResult Import(IReadOnlyList<AmmoRequest> requests, string source, Uri? target)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var warnings = new List<ImportWarning>();
        var parsed = new List<(AmmoRequest Ammo, List<KeyValuePair<string, string>> Headers, string? Body, int Number)>();
        for (int i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var where = $"request {i + 1}" + (request.Tag.Length > 0 ? $" (tag '{request.Tag}')" : "");
            if (TryParts(request, out var headers, out var body, out var problem))
                parsed.Add((request, headers, body, i + 1));
            else
                warnings.Add(new ImportWarning(where, problem + "; left out"));
        }

        target ??= HostOf(parsed.SelectMany(p => p.Headers));
        if (target is null)
            throw new ImportException($"{source}: no request names a Host header, so the target is unknown; give it with --target URL");

        var main = new YamlSequenceNode();
        foreach (var (ammo, headers, body, _) in parsed)
        {
            // A Host equal to the target's says nothing the transport would not send; another one is a virtual host to keep.
            headers.RemoveAll(h => HopByHop.Contains(h.Key)
                || (h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) && h.Value.Equals(target.Authority, StringComparison.OrdinalIgnoreCase)));
            main.Add(PlanYaml.Request(ammo.Method, PlanYaml.Literal(ammo.Path), IsDefaultTag(ammo) ? null : ammo.Tag,
                [.. headers.Select(h => new KeyValuePair<string, string>(h.Key, PlanYaml.Literal(h.Value)))], body is null ? null : PlanYaml.Literal(body)));
        }
        if (main.Children.Count == 0)
            throw new ImportException($"{source}: no request could be imported" + (warnings.Count > 0 ? $" ({warnings[0]})" : ""));

        var plan = new YamlMappingNode
        {
            { "name", PlanYaml.Scalar(NameOf(source)) },
            { "target", PlanYaml.Scalar(target.ToString().TrimEnd('/')) },
            { "load", PlanYaml.DefaultLoad() },
            { "scenario", new YamlMappingNode { { "main", main } } },
        };
        var comments = new List<string>
        {
            $"Imported from Phantom ammo {Path.GetFileName(source)}: {main.Children.Count} request(s), sent in order by each user.",
            "Set the load to what you need; 'ammo: { file: ... }' replays the file as it is instead.",
        };
        comments.AddRange(warnings.Select(w => "warning: " + w));
        return new ImportResult(PlanYaml.Write(plan, comments), warnings);
    }

    // "GET /path" is what the plan would call the request anyway (an exported plan's ammo carries it).
    private static bool IsDefaultTag(AmmoRequest ammo)
    {
        var q = ammo.Path.IndexOf('?', StringComparison.Ordinal);
        return ammo.Tag == $"{ammo.Method} {(q >= 0 ? ammo.Path[..q] : ammo.Path)}";
    }

    internal static string NameOf(string source)
    {
        var name = Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(source)); // ammo.txt.gz → ammo
        var clean = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).Trim('-');
        return clean.Length == 0 ? "imported" : clean;
    }

    private static Uri? HostOf(IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate("http://" + value.Trim(), UriKind.Absolute, out var uri))
                return uri;
        }
        return null;
    }

    // uri / uripost ammo carry headers and body as they are; a raw request is taken apart into them.
    private static bool TryParts(AmmoRequest request, out List<KeyValuePair<string, string>> headers, out string? body, out string problem)
    {
        problem = "";
        body = null;
        if (!request.IsRaw)
        {
            headers = [.. request.Headers];
            if (!request.Body.IsEmpty && !TryText(request.Body.Span, out body))
            {
                problem = "the body is binary, which a plan cannot hold as text";
                return false;
            }
            return true;
        }

        headers = [];
        var raw = request.Raw.Span;
        int headEnd = raw.IndexOf("\r\n\r\n"u8) is >= 0 and var crlf ? crlf + 4 : raw.IndexOf("\n\n"u8) is >= 0 and var lf ? lf + 2 : raw.Length;
        var head = Encoding.Latin1.GetString(raw[..headEnd]);
        var lines = head.Split('\n');
        foreach (var line in lines.Skip(1).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problem = $"the header line '{line}' has no ':'";
                return false;
            }
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        if (headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            problem = "the body is sent chunked; a plan's body is sent with Content-Length";
            return false;
        }
        var rest = raw[headEnd..];
        // Phantom's request-style ammo counts the separating newline in some generators' output; trailing line ends are not body.
        var lengthHeader = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (lengthHeader is not null && int.TryParse(lengthHeader, out var length) && length >= 0)
            rest = rest[..Math.Min(length, rest.Length)];
        else
            rest = rest.TrimEnd("\r\n"u8);
        if (rest.Length > 0 && !TryText(rest, out body))
        {
            problem = "the body is binary, which a plan cannot hold as text";
            return false;
        }
        return true;
    }

    private static bool TryText(ReadOnlySpan<byte> bytes, out string? text)
    {
        text = null;
        if (bytes.Contains((byte)0) || !Utf8.IsValid(bytes))
            return false;
        text = Encoding.UTF8.GetString(bytes);
        return true;
    }
}
