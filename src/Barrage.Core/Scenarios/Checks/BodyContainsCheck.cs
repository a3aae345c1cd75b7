namespace Barrage.Scenarios.Checks;

/// <summary><c>body_contains: TEXT</c>: the decoded body holds the text (ordinal, case-sensitive).</summary>
internal sealed class BodyContainsCheck(string name, CheckFailureAction onFailure, string text) : Check(name, onFailure)
{
    public string Text { get; } = text;

    // The text as UTF-8, searched in the body's bytes: no string of the body per response. A text holding U+FFFD
    // (what invalid bytes decode to) is searched in the decoded string, where it can match them.
    private readonly byte[]? _utf8 = text.Contains('\uFFFD', StringComparison.Ordinal) ? null : System.Text.Encoding.UTF8.GetBytes(text);

    protected override string? Judge(in CheckInput input)
    {
        if (input.Response is not { } response)
            return ResponseText.Missing(input);
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        var found = _utf8 is not null ? response.Body.Span.IndexOf(_utf8) >= 0 : response.BodyText.Contains(Text, StringComparison.Ordinal);
        return found
            ? null
            : $"the body does not contain {ResponseText.Quote(Text)}{ResponseText.TruncatedNote(response)}";
    }
}
