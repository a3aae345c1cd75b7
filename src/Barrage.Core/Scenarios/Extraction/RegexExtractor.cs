using System.Text.RegularExpressions;

namespace Barrage.Scenarios.Extraction;

/// <summary><c>{ regex: "id=(\d+)", group: 1 }</c>: a group of the first match in the body; group 1 when the pattern has groups, else the whole match.</summary>
internal sealed class RegexExtractor(string variable, CheckFailureAction onFailure, Regex pattern, string group) : Extractor(variable, onFailure)
{
    public Regex Pattern { get; } = pattern;

    /// <summary>The group's number or name.</summary>
    public string Group { get; } = group;

    protected override string? Find(ResponseView response, out string? value)
    {
        value = null;
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        Match match;
        try
        {
            match = Pattern.Match(response.BodyText);
        }
        catch (RegexMatchTimeoutException)
        {
            return $"matching /{Pattern}/ took longer than {Pattern.MatchTimeout.TotalSeconds:0.#} s";
        }
        if (!match.Success)
            return $"/{Pattern}/ matched nothing{ResponseText.TruncatedNote(response)}";
        var group = match.Groups[Group];
        if (!group.Success)
            return $"/{Pattern}/ matched, but not its group {Group}";
        value = group.Value;
        return null;
    }

    /// <summary>The group to take when none is named: 1 if the pattern has a group, else 0 (the whole match).</summary>
    public static string DefaultGroup(Regex pattern) => pattern.GetGroupNumbers().Length > 1 ? "1" : "0";
}
