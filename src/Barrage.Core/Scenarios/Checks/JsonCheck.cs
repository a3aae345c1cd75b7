namespace Barrage.Scenarios.Checks;

/// <summary><c>json: PATH</c> (something is there) or <c>json: { path: PATH, equals: VALUE }</c>, on the decoded body as JSON.</summary>
internal sealed class JsonCheck(string name, CheckFailureAction onFailure, string path, string? equals) : Check(name, onFailure)
{
    public string Path { get; } = path;

    /// <summary>The value the first match must equal (see <see cref="JsonBody.Matches"/>); null to only ask that something matches.</summary>
    public string? EqualsValue { get; } = equals;

    protected override string? Judge(in CheckInput input)
    {
        if (input.Response is not { } response)
            return ResponseText.Missing(input);
        if (!JsonBody.TryParse(response, out var root, out var error))
            return error;
        var token = root.SelectToken(Path, errorWhenNoMatch: false);
        if (token is null)
            return $"{Path} matched nothing{ResponseText.TruncatedNote(response)}";
        if (EqualsValue is not { } expected || JsonBody.Matches(token, expected))
            return null;
        return $"{Path} is {ResponseText.Quote(JsonBody.Text(token))}, expected {ResponseText.Quote(expected)}";
    }
}
