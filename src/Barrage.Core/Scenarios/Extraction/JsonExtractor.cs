namespace Barrage.Scenarios.Extraction;

/// <summary><c>{ json: "$.token" }</c>: the first value the JSONPath matches in the body (see <see cref="JsonBody"/>).</summary>
internal sealed class JsonExtractor(string variable, CheckFailureAction onFailure, string path) : Extractor(variable, onFailure)
{
    public string Path { get; } = path;

    protected override string? Find(ResponseView response, out string? value)
    {
        value = null;
        if (!JsonBody.TryParse(response, out var root, out var error))
            return error;
        if (root.SelectToken(Path, errorWhenNoMatch: false) is not { } token)
            return $"{Path} matched nothing{ResponseText.TruncatedNote(response)}";
        value = JsonBody.Text(token);
        return null;
    }
}
