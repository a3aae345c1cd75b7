namespace Barrage.Scenarios.Extraction;

/// <summary><c>{ header: Location }</c>: the first value of the header (any case).</summary>
internal sealed class HeaderExtractor(string variable, CheckFailureAction onFailure, string header) : Extractor(variable, onFailure)
{
    public string Header { get; } = header;

    protected override string? Find(ResponseView response, out string? value)
    {
        value = response.Header(Header);
        return value is null ? $"no header '{Header}'" : null;
    }
}
