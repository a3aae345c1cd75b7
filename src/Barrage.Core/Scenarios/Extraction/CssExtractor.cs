using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Barrage.Scenarios.Extraction;

/// <summary>
/// <c>{ css: "a.next", attribute: href }</c>: in the body read as HTML (AngleSharp), the first element the selector
/// matches: its text, or the attribute's value when one is named.
/// </summary>
internal sealed class CssExtractor(string variable, CheckFailureAction onFailure, string selector, string? attribute) : Extractor(variable, onFailure)
{
    public string Selector { get; } = selector;

    public string? Attribute { get; } = attribute;

    /// <summary>Null when <paramref name="selector"/> is a CSS selector AngleSharp reads, otherwise why not.</summary>
    public static string? CheckSelector(string selector)
    {
        try
        {
            new HtmlParser().ParseDocument("").QuerySelector(selector);
            return null;
        }
        catch (DomException e)
        {
            return $"not a valid CSS selector: {e.Message}";
        }
    }

    protected override string? Find(ResponseView response, out string? value)
    {
        value = null;
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        if (response.ParsedDom is not IDocument document)
        {
            document = new HtmlParser().ParseDocument(response.BodyText); // a parser per body: sharing one across threads is not documented as safe
            response.ParsedDom = document;
        }
        if (document.QuerySelector(Selector) is not { } element)
            return $"{Selector} matched nothing{ResponseText.TruncatedNote(response)}";
        if (Attribute is null)
        {
            value = element.TextContent;
            return null;
        }
        value = element.GetAttribute(Attribute);
        return value is null ? $"{Selector} has no attribute '{Attribute}'" : null;
    }
}
