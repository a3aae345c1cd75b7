using System.Diagnostics.CodeAnalysis;

namespace Barrage.Scenarios.Checks;

/// <summary>
/// A check's expected text as written in a plan, where macros mean what they mean anywhere else in it: <c>"${order}"</c>
/// is the user's value, <c>$${</c> the text itself. Fixed text (the common case) costs nothing to render.
/// </summary>
internal sealed class ExpectedText
{
    private readonly Template? _template;

    private ExpectedText(string text, Template? template)
    {
        Text = text;
        _template = template;
    }

    /// <summary>The text when it holds no macro, else as written (for names and messages).</summary>
    public string Text { get; }

    /// <summary>
    /// The expected text of a check: with <paramref name="macros"/> (text from a plan) its macros compiled, the plan's
    /// validation having checked them; without (a check made in code), taken as it is. Null for no text.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static ExpectedText? Of(string? text, bool macros)
    {
        if (text is null)
            return null;
        if (!macros)
            return new ExpectedText(text, null);
        var template = Template.Parse(text, []);
        return template.Literal is { } literal ? new ExpectedText(literal, null) : new ExpectedText(text, template);
    }

    /// <summary>The text for <paramref name="user"/>; as written when there is no user to take values from.</summary>
    public string For(IMacroContext? user) => _template is null || user is null ? Text : _template.Render(user);
}
