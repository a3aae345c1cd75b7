using System.Xml.XPath;
using HtmlAgilityPack;

namespace Barrage.Scenarios.Extraction;

/// <summary>
/// <c>{ xpath: "//input[@name='csrf']", attribute: value }</c>: in the body read as HTML (HtmlAgilityPack), the first
/// node the XPath selects: its text, or the attribute's value when one is named.
/// </summary>
internal sealed class XPathExtractor(string variable, CheckFailureAction onFailure, string xpath, string? attribute) : Extractor(variable, onFailure)
{
    public string XPath { get; } = xpath;

    public string? Attribute { get; } = attribute;

    /// <summary>Null when <paramref name="xpath"/> compiles, otherwise why not.</summary>
    public static string? CheckXPath(string xpath)
    {
        try
        {
            XPathExpression.Compile(xpath);
            return null;
        }
        catch (XPathException e)
        {
            return $"not a valid XPath: {e.Message}";
        }
    }

    protected override string? Find(ResponseView response, out string? value)
    {
        value = null;
        if (ResponseText.Unreadable(response) is { } unreadable)
            return unreadable;
        if (response.ParsedHtml is not HtmlDocument document)
        {
            document = new HtmlDocument();
            document.LoadHtml(response.BodyText);
            response.ParsedHtml = document;
        }
        if (document.DocumentNode.SelectSingleNode(XPath) is not { } node)
            return $"{XPath} selected nothing{ResponseText.TruncatedNote(response)}";
        if (Attribute is null)
        {
            value = HtmlEntity.DeEntitize(node.InnerText);
            return null;
        }
        if (node.Attributes[Attribute] is not { } attribute)
            return $"{XPath} has no attribute '{Attribute}'";
        value = attribute.DeEntitizeValue;
        return null;
    }
}
