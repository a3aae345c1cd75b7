using System.Diagnostics.CodeAnalysis;

namespace Barrage.Plans;

/// <summary>
/// Checks on single values that the YAML loader and the command-line overrides share; each returns
/// an error message (without a field name) or null.
/// </summary>
internal static class PlanRules
{
    private const string TargetExpected = "expected 'builtin' or an absolute http:// or https:// URL";

    /// <summary>Reads a target: <c>builtin</c> or an absolute http(s) base URL without query or fragment.</summary>
    public static bool TryParseTarget(string text, [NotNullWhen(true)] out TargetSpec? target, [NotNullWhen(false)] out string? error)
    {
        target = null;
        if (text == "builtin")
        {
            target = TargetSpec.Builtin;
            error = null;
            return true;
        }
        if (!TryParseHttpUrl(text, out var url))
        {
            error = $"{TargetExpected}, got {Quote(text)}" + (Yaml.Suggestions.Closest(text, ["builtin"]) is { } b ? $"; did you mean '{b}'?" : "");
            return false;
        }
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            error = $"the target is a base URL and cannot have a query or a fragment, got {Quote(text)}";
            return false;
        }
        target = TargetSpec.ForUrl(url);
        error = null;
        return true;
    }

    /// <summary>A request URL: a path starting with '/' or an absolute http(s) URL, with no spaces or control characters.</summary>
    public static string? CheckRequestUrl(string text)
    {
        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return $"a URL cannot contain spaces or control characters (write %20 for a space), got {Quote(text)}";
        if (text.StartsWith('/') || TryParseHttpUrl(text, out _))
            return null;
        return $"expected a path starting with '/' or an absolute http:// or https:// URL, got {Quote(text)}";
    }

    /// <summary>
    /// A request URL that may hold macros: as <see cref="CheckRequestUrl"/>, or one whose start is a macro (<c>${host}/items</c>,
    /// <c>${next}</c>) or whose host is (<c>http://${host}/items</c>), which is a path or an absolute URL only once rendered.
    /// </summary>
    public static string? CheckRequestUrlTemplate(string text)
    {
        if (CheckRequestUrl(text) is not { } error)
            return null;
        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return error;
        var macro = text.StartsWith("${", StringComparison.Ordinal)
            || (IsHttpPrefix(text) && text.Contains("${", StringComparison.Ordinal));
        return macro ? null : error;
    }

    /// <summary>True when the text starts with <c>http://</c> or <c>https://</c> (any case): an absolute URL, not a path.</summary>
    public static bool IsHttpPrefix(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>An HTTP method: a token (RFC 9110), e.g. GET or PROPFIND.</summary>
    public static string? CheckMethod(string text) =>
        IsToken(text) ? null : $"expected an HTTP method such as GET or POST, got {Quote(text)}";

    /// <summary>A header name: a token (RFC 9110).</summary>
    public static string? CheckHeaderName(string text) =>
        IsToken(text) ? null : $"{Quote(text)} is not a valid header name";

    /// <summary>A header value: no line breaks or other control characters but tabs, which would split the request.</summary>
    public static string? CheckHeaderValue(string text) =>
        text.Any(c => char.IsControl(c) && c != '\t') ? "a header value cannot contain line breaks or control characters" : null;

    /// <summary>A tag: not empty, no tabs or line breaks, which would break the tab-separated result files.</summary>
    public static string? CheckTag(string text)
    {
        if (text.Length == 0)
            return "a tag cannot be empty";
        return text.Any(char.IsControl) ? "a tag cannot contain tabs, line breaks or control characters" : null;
    }

    /// <summary>A plan name: not blank, one line, no path separators, since it names the run's directory.</summary>
    public static string? CheckName(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "a name cannot be empty";
        return text.Any(c => char.IsControl(c) || c is '/' or '\\')
            ? $"a name cannot contain '/', '\\' or control characters, got {Quote(text)}"
            : null;
    }

    /// <summary>Quotes a user's text for a message on one line, shortened when long.</summary>
    public static string Quote(string text)
    {
        const int MaxShown = 40;
        var shown = text.Length > MaxShown ? text[..MaxShown] + "..." : text;
        return "'" + shown.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "'";
    }

    private static bool TryParseHttpUrl(string text, [NotNullWhen(true)] out Uri? url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url)
        && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && url.Host.Length > 0
        && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    private static bool IsToken(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
