namespace Barrage.Scenarios.Checks;

/// <summary><c>body_contains: TEXT</c>: the decoded body holds the text (ordinal, case-sensitive).</summary>
internal sealed class BodyContainsCheck(string name, CheckFailureAction onFailure, string text) : Check(name, onFailure)
{
    public string Text { get; } = text;

    protected override string? Judge(in CheckInput input)
    {
        if (input.Response is not { } response)
            return ResponseText.Missing(input);
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        return response.BodyText.Contains(Text, StringComparison.Ordinal)
            ? null
            : $"the body does not contain {ResponseText.Quote(Text)}{ResponseText.TruncatedNote(response)}";
    }
}
