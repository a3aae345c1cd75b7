namespace Barrage.Scenarios.Checks;

/// <summary><c>json: PATH</c> (something is there) or <c>json: { path: PATH, equals: VALUE }</c>, on the decoded body as JSON.</summary>
internal sealed class JsonCheck(string name, CheckFailureAction onFailure, JsonPathQuery query, string? equals) : Check(name, onFailure)
{
    public JsonPathQuery Query { get; } = query;

    /// <summary>The value the first match must equal (see <see cref="JsonFound.Matches"/>); null to only ask that something matches.</summary>
    public string? EqualsValue { get; } = equals;

    protected override string? Judge(in CheckInput input)
    {
        if (input.Response is not { } response)
            return ResponseText.Missing(input);
        if (Query.Find(response, out var found) is { } problem)
            return problem;
        if (EqualsValue is not { } expected || found.Matches(expected))
            return null;
        return $"{Query.Path} is {ResponseText.Quote(found.Text)}, expected {ResponseText.Quote(expected)}";
    }
}
