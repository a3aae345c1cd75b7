namespace Barrage.Scenarios.Extraction;

/// <summary><c>{ json: "$.token" }</c>: the first value the JSONPath matches in the body (see <see cref="JsonPathQuery"/>).</summary>
internal sealed class JsonExtractor(string variable, CheckFailureAction onFailure, JsonPathQuery query) : Extractor(variable, onFailure)
{
    public JsonPathQuery Query { get; } = query;

    protected override string? Find(ResponseView response, out string? value)
    {
        var problem = Query.Find(response, out var found);
        value = problem is null ? found.Text : null;
        return problem;
    }
}
