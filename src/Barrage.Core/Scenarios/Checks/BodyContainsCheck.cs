namespace Barrage.Scenarios.Checks;

/// <summary><c>body_contains: TEXT</c>: the decoded body holds the text (ordinal, case-sensitive); macros take the user's values.</summary>
internal sealed class BodyContainsCheck : Check
{
    private readonly ExpectedText _expected;

    // The text as UTF-8, searched in the body's bytes: no string of the body per response. A text holding U+FFFD
    // (what invalid bytes decode to) is searched in the decoded string, where it can match them.
    private readonly byte[]? _utf8;

    // macros: the text comes from a plan, where ${name} is a macro.
    public BodyContainsCheck(string name, CheckFailureAction onFailure, string text, bool macros = false) : base(name, onFailure)
    {
        _expected = ExpectedText.Of(text, macros);
        _utf8 = Utf8(_expected.Text);
    }

    public string Text => _expected.Text;

    protected override string? Judge(in CheckInput input) => JudgeFor(input, null);

    private protected override string? JudgeFor(in CheckInput input, IMacroContext? user)
    {
        if (input.Response is not { } response)
            return ResponseText.Missing(input);
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        var text = _expected.For(user);
        var utf8 = ReferenceEquals(text, _expected.Text) ? _utf8 : Utf8(text);
        var found = utf8 is not null ? response.Body.Span.IndexOf(utf8) >= 0 : response.BodyText.Contains(text, StringComparison.Ordinal);
        return found
            ? null
            : $"the body does not contain {ResponseText.Quote(text)}{ResponseText.TruncatedNote(response)}";
    }

    private static byte[]? Utf8(string text) => text.Contains('\uFFFD', StringComparison.Ordinal) ? null : System.Text.Encoding.UTF8.GetBytes(text);
}
