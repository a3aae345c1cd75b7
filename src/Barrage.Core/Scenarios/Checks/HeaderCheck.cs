using System.Text.RegularExpressions;

namespace Barrage.Scenarios.Checks;

/// <summary>
/// <c>header: NAME</c> (present), <c>header: { name: NAME, equals: TEXT }</c> or <c>{ name: NAME, regex: PATTERN }</c>:
/// some field of that name (any case) is present, equal to the text (whose macros take the user's values), or matching the pattern.
/// </summary>
// macros: the expected value comes from a plan, where ${name} is a macro.
internal sealed class HeaderCheck(string name, CheckFailureAction onFailure, string header, string? equalsText, Regex? pattern, bool macros = false)
    : Check(name, onFailure)
{
    private readonly ExpectedText? _expected = ExpectedText.Of(equalsText, macros);

    public string Header { get; } = header;

    protected override string? Judge(in CheckInput input) => JudgeFor(input, null);

    private protected override string? JudgeFor(in CheckInput input, IMacroContext? user)
    {
        if (input.Response is not { } response)
            return ResponseText.Missing(input);
        var equals = _expected?.For(user);
        string? seen = null;
        foreach (var value in response.HeaderValues(Header))
        {
            seen ??= value;
            if (equals is null && pattern is null)
                return null;
            if (equals is not null && string.Equals(value, equals, StringComparison.Ordinal))
                return null;
            if (pattern is not null && IsMatch(pattern, value))
                return null;
        }
        if (seen is null)
            return $"no header '{Header}'";
        return equals is not null
            ? $"header '{Header}' is {ResponseText.Quote(seen)}, expected {ResponseText.Quote(equals)}"
            : $"header '{Header}' is {ResponseText.Quote(seen)}, which does not match /{pattern}/";
    }

    private static bool IsMatch(Regex pattern, string value)
    {
        try
        {
            return pattern.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
