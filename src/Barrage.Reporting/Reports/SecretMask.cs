using System.Text.RegularExpressions;

namespace Barrage.Reporting.Reports;

/// <summary>
/// Hides credentials in a plan's text before a report shows it: the value after any key or header whose name
/// speaks of authorization, tokens, secrets, passwords, API keys or cookies becomes <c>***</c>.
/// </summary>
public static partial class SecretMask
{
    /// <summary>What replaces a secret value.</summary>
    public const string Mask = "***";

    /// <summary><paramref name="text"/> with every secret value masked.</summary>
    public static string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SecretValue().Replace(text, m => m.Groups["key"].Value + Mask);
    }

    // key (a word containing one of the names, quoted or not), then ':' or '=', then the value up to the end of the
    // line, a comma or a closing brace (inline YAML maps), or a whole quoted string.
    [GeneratedRegex("""(?<key>[\w-]*(?:authorization|token|secret|password|passwd|api[-_]?key|cookie)[\w-]*["']?\s*[:=][ \t]*)(?<value>"[^"\n]*"|'[^'\n]*'|[^,}\n]+)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretValue();
}
