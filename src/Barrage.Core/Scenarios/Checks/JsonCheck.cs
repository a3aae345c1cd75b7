namespace Barrage.Scenarios.Checks;

/// <summary><c>json: PATH</c> (something is there) or <c>json: { path: PATH, equals: VALUE }</c>, on the decoded body as JSON.</summary>
// macros: the expected value comes from a plan, where ${name} is a macro.
internal sealed class JsonCheck(string name, CheckFailureAction onFailure, JsonPathQuery query, string? equals, bool macros = false) : Check(name, onFailure)
{
    private readonly ExpectedText? _expected = ExpectedText.Of(equals, macros);

    public JsonPathQuery Query { get; } = query;

    /// <summary>The value the first match must equal (see <see cref="JsonFound.Matches"/>); null to only ask that something matches.</summary>
    public string? EqualsValue => _expected?.Text;

    protected override string? Judge(in CheckInput input) => JudgeFor(input, null);

    private protected override string? JudgeFor(in CheckInput input, IMacroContext? user)
    {
        if (input.Response is not { } response)
            return ResponseText.Missing(input);
        if (Query.Find(response, out var found) is { } problem)
            return problem;
        if (_expected?.For(user) is not { } expected || found.Matches(expected))
            return null;
        return $"{Query.Path} is {ResponseText.Quote(found.Text)}, expected {ResponseText.Quote(expected)}";
    }
}
