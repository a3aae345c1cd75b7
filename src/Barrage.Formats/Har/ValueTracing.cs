using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Barrage.Formats.Imports;
using YamlDotNet.RepresentationModel;

namespace Barrage.Formats.Har;

/// <summary>
/// The correlation pass over a recording: a value the server gave (a JSON field, a header, a token in a page) that
/// the client sent back in a later request (URL, header, body) becomes an <c>extract:</c> on the response that gave
/// it and <c>${name}</c> where it was sent, so a replay sends what the server gives this time, not what it gave
/// during the recording. Cookies are left out: the cookie jar already carries them.
/// </summary>
internal sealed class ValueTracing
{
    // Shorter values, or ones with spaces, are too likely to turn up by chance (counts, words, status texts).
    private const int MinTextLength = 8;
    private const int MinNumberDigits = 5;
    private const int MaxValueLength = 4096;
    private const int MaxBodyChars = 1 << 20;
    private const int MaxCandidates = 500;

    // Headers that describe the message or the server, never a value a client sends back.
    private static readonly HashSet<string> NotTraced = new(StringComparer.OrdinalIgnoreCase)
    {
        "Set-Cookie", "Set-Cookie2", "Date", "Expires", "Last-Modified", "Age", "Server", "Via", "Vary", "Connection", "Keep-Alive",
        "Transfer-Encoding", "Content-Type", "Content-Length", "Content-Encoding", "Content-Security-Policy", "Cache-Control",
        "Strict-Transport-Security", "Alt-Svc", "Report-To", "NEL", "Accept-Ranges", "Location",
    };

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "user_id", "iteration" };

    private static readonly Regex TokenLike = new(@"[A-Za-z0-9_\-.~+/=]{16,}", RegexOptions.CultureInvariant);

    private readonly Dictionary<HarEntry, List<(string Name, YamlMappingNode How)>> _extracts = [];
    private readonly List<Traced> _traced = [];

    private ValueTracing()
    {
    }

    /// <summary>A value traced from a response into later requests.</summary>
    /// <param name="Name">The plan variable.</param>
    /// <param name="Value">The value as recorded.</param>
    /// <param name="Source">The request whose response gave it.</param>
    /// <param name="Where">How it is extracted, for the plan's comment: <c>json $.token</c>.</param>
    /// <param name="UsedBy">The requests (their <see cref="HarEntry.Index"/>) that sent it back.</param>
    internal sealed record Traced(string Name, string Value, HarEntry Source, string Where, List<int> UsedBy);

    /// <summary>What was traced, in the order of the responses that gave the values.</summary>
    public IReadOnlyList<Traced> Values => _traced;

    /// <summary>Traces the values of <paramref name="entries"/> (sorted by start, as the plan sends them).</summary>
    public static ValueTracing Trace(IReadOnlyList<HarEntry> entries)
    {
        var tracing = new ValueTracing();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        var requests = entries.Select(RequestText).ToList();
        for (int i = 0; i < entries.Count; i++)
        {
            var source = entries[i];
            if (source.Response is not { } response)
                continue;
            foreach (var candidate in Candidates(response).Take(MaxCandidates))
            {
                // A value the client sent before it got this answer is the client's own (an echo), not the server's.
                if (known.Contains(candidate.Value) || Enumerable.Range(0, i + 1).Any(k => Occurs(requests[k], candidate.Value)))
                    continue;
                var users = new List<int>();
                for (int j = i + 1; j < entries.Count; j++)
                {
                    if (entries[j].Started >= source.Ended && Occurs(requests[j], candidate.Value))
                        users.Add(entries[j].Index);
                }
                if (users.Count == 0)
                    continue;
                known.Add(candidate.Value);
                var name = Unique(candidate.Name, names);
                tracing._traced.Add(new Traced(name, candidate.Value, source, candidate.Where, users));
                if (!tracing._extracts.TryGetValue(source, out var list))
                    tracing._extracts[source] = list = [];
                list.Add((name, candidate.How));
            }
        }
        return tracing;
    }

    /// <summary>The extractions to put on <paramref name="entry"/>'s request; empty when its response gave nothing traced.</summary>
    public IReadOnlyList<(string Name, YamlMappingNode How)> ExtractsOf(HarEntry entry) =>
        _extracts.TryGetValue(entry, out var list) ? list : [];

    /// <summary>
    /// <paramref name="text"/> (a URL, header value or body of <paramref name="entry"/>, already escaped with
    /// <see cref="PlanYaml.Literal"/>) with each traced value it sends replaced by its variable.
    /// </summary>
    public string Apply(HarEntry entry, string text)
    {
        // Longer values first, so a value that contains another is replaced whole.
        foreach (var traced in _traced.Where(t => t.UsedBy.Contains(entry.Index)).OrderByDescending(t => t.Value.Length))
        {
            var macro = "${" + traced.Name + "}";
            text = Bounded(PlanYaml.Literal(traced.Value)).Replace(text, _ => macro);
        }
        return text;
    }

    private sealed record Candidate(string Name, string Value, YamlMappingNode How, string Where);

    private static IEnumerable<Candidate> Candidates(HarResponse response)
    {
        foreach (var (name, value) in response.Headers)
        {
            var trimmed = value.Trim();
            if (!name.StartsWith(':') && !NotTraced.Contains(name) && !name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) && IsTokenText(trimmed))
                yield return new Candidate(name, trimmed, new YamlMappingNode { { "header", PlanYaml.Scalar(name) } }, "header " + name);
        }
        if (response.Body is not { Length: > 0 and <= MaxBodyChars } body)
            yield break;
        if (LooksLikeJson(response.MimeType, body))
        {
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
            }
            if (document is not null)
            {
                using (document)
                {
                    foreach (var candidate in JsonLeaves(document.RootElement, "$", "value").ToList())
                        yield return candidate;
                }
                yield break;
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in TokenLike.Matches(body))
        {
            var value = match.Value;
            if (value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetter) && seen.Add(value) && TextPattern(body, match.Index, value) is { } pattern)
                yield return new Candidate("token", value, new YamlMappingNode { { "regex", PlanYaml.Scalar(pattern) } }, "regex " + pattern);
        }
    }

    private static IEnumerable<Candidate> JsonLeaves(JsonElement element, string path, string name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var step = IsPlainName(property.Name) ? "." + property.Name : "['" + property.Name.Replace("'", "\\'", StringComparison.Ordinal) + "']";
                    foreach (var leaf in JsonLeaves(property.Value, path + step, property.Name))
                        yield return leaf;
                }
                break;
            case JsonValueKind.Array:
                int index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var leaf in JsonLeaves(item, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]", name))
                        yield return leaf;
                    index++;
                }
                break;
            case JsonValueKind.String when IsTokenText(element.GetString()!):
                yield return new Candidate(name, element.GetString()!, new YamlMappingNode { { "json", PlanYaml.Scalar(path) } }, "json " + path);
                break;
            case JsonValueKind.Number when element.GetRawText() is var raw && raw.Length >= MinNumberDigits && raw.All(char.IsAsciiDigit):
                yield return new Candidate(name, raw, new YamlMappingNode { { "json", PlanYaml.Scalar(path) } }, "json " + path);
                break;
        }
    }

    // A regex whose first group is the value at its first place in the body: the text before it on its line, then
    // the value's kind of characters. Checked against the body, since a pattern that finds something else is worse than none.
    private static string? TextPattern(string body, int at, string value)
    {
        int lineStart = body.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var capture = value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? "([A-Za-z0-9_-]+)" : "([^\\s\"'<>&;,]+)";
        foreach (var length in new[] { 16, 32, 64 })
        {
            int start = Math.Max(lineStart, at - length);
            if (start == at)
                return null;
            var pattern = Regex.Escape(body[start..at]) + capture;
            var found = Regex.Match(body, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (found.Success && found.Groups[1].Value == value)
                return pattern;
            if (start == lineStart)
                return null;
        }
        return null;
    }

    private static bool LooksLikeJson(string? mime, string body) =>
        (mime?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false) || body.TrimStart() is ['{', ..] or ['[', ..];

    private static bool IsTokenText(string value) =>
        value.Length is >= MinTextLength and <= MaxValueLength && !value.Any(char.IsWhiteSpace) && value.Any(char.IsAsciiLetterOrDigit);

    private static bool IsPlainName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    // What the client sent, minus its cookies (the jar's business) and HTTP/2 pseudo-headers other than the path.
    private static string RequestText(HarEntry entry)
    {
        var text = new StringBuilder(entry.Url.PathAndQuery).Append('\n');
        foreach (var (name, value) in entry.Headers)
        {
            if (!name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) && !name.StartsWith(':'))
                text.Append(value).Append('\n');
        }
        return text.Append(entry.Body).ToString();
    }

    private static bool Occurs(string text, string value) =>
        text.Contains(value, StringComparison.Ordinal) && Bounded(value).IsMatch(text);

    // A value inside a longer run of letters and digits is a coincidence, not the value.
    private static Regex Bounded(string value) =>
        new("(?<![A-Za-z0-9])" + Regex.Escape(value) + "(?![A-Za-z0-9])", RegexOptions.CultureInvariant);

    private static string Unique(string wanted, HashSet<string> names)
    {
        var clean = new string([.. wanted.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]).Trim('_');
        if (clean.Length == 0 || char.IsAsciiDigit(clean[0]))
            clean = "value" + (clean.Length == 0 ? "" : "_" + clean);
        if (Reserved.Contains(clean))
            clean += "_value";
        var name = clean;
        for (int i = 2; !names.Add(name); i++)
            name = clean + "_" + i.ToString(CultureInfo.InvariantCulture);
        return name;
    }
}
