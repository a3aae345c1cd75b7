using System.Globalization;

namespace Barrage.Scenarios;

/// <summary>A value a JSONPath found: as text (strings as they are, the rest as compact JSON), and whether it is a number.</summary>
internal readonly record struct JsonFound(string Text, bool IsNumber)
{
    /// <summary>
    /// Whether the value equals one written in a plan: numbers by value (<c>1.0</c> equals <c>1</c>), everything else
    /// by its text.
    /// </summary>
    public bool Matches(string expected)
    {
        if (IsNumber
            && decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return value == number;
        return string.Equals(Text, expected, StringComparison.Ordinal);
    }
}
