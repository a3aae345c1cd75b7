using System.Text.RegularExpressions;

namespace Barrage.Scenarios.Checks;

/// <summary><c>body_regex: PATTERN</c>: the decoded body matches the pattern somewhere.</summary>
internal sealed class BodyRegexCheck(string name, CheckFailureAction onFailure, Regex pattern) : Check(name, onFailure)
{
    public Regex Pattern { get; } = pattern;

    protected override string? Judge(in CheckInput input)
    {
        if (input.Response is not { } response)
            return ResponseText.Missing(input);
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        try
        {
            return Pattern.IsMatch(response.BodyText)
                ? null
                : $"the body does not match /{Pattern}/{ResponseText.TruncatedNote(response)}";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"matching /{Pattern}/ took longer than {Pattern.MatchTimeout.TotalSeconds:0.#} s";
        }
    }
}
