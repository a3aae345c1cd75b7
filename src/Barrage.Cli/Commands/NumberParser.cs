using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Barrage.Cli.Commands;

/// <summary>
/// Parses numeric options with an error a person can read ("--rate: expected a number, got 'abc'"), where
/// System.CommandLine's own names the .NET type (<c>System.Nullable`1[System.Double]</c>).
/// </summary>
internal static class NumberParser
{
    /// <summary>Makes <paramref name="option"/> parse its value with <see cref="Parse{T}"/>.</summary>
    public static Option<T?> Numeric<T>(this Option<T?> option)
        where T : struct, INumber<T>
    {
        option.CustomParser = Parse<T>;
        return option;
    }

    /// <summary>Makes <paramref name="option"/> parse its value with <see cref="Parse{T}"/> (no value: the default).</summary>
    public static Option<T> Numeric<T>(this Option<T> option)
        where T : struct, INumber<T>
    {
        option.CustomParser = result => Parse<T>(result) ?? default;
        return option;
    }

    /// <summary>The option's value in invariant culture, or null with an error that names the option and the value.</summary>
    public static T? Parse<T>(ArgumentResult result)
        where T : struct, INumber<T>
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        bool whole = typeof(T) != typeof(double) && typeof(T) != typeof(float) && typeof(T) != typeof(decimal);
        var styles = whole ? NumberStyles.Integer : NumberStyles.Float;
        if (T.TryParse(token, styles, CultureInfo.InvariantCulture, out var value))
            return value;
        var name = result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
        result.AddError(whole
            ? $"{name}: expected a whole number, got '{token}'"
            : $"{name}: expected a number, got '{token}'");
        return null;
    }
}
