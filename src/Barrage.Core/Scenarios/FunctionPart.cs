using System.Globalization;
using System.Text;

namespace Barrage.Scenarios;

/// <summary>A macro function: <c>${random_int(1,100)}</c>, <c>${uuid()}</c>, <c>${now()}</c>, <c>${counter()}</c>; <c>env</c> is read at compile time.</summary>
internal sealed class FunctionPart(string name, long min, long max) : TemplatePart
{
    /// <summary>The functions and how many arguments each takes.</summary>
    public static readonly IReadOnlyDictionary<string, int> Arity = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["random_int"] = 2,
        ["uuid"] = 0,
        ["now"] = 0,
        ["counter"] = 0,
        ["env"] = 1,
    };

    public string Name { get; } = name;

    public override void Append(StringBuilder to, IMacroContext context)
    {
        switch (Name)
        {
            case "random_int":
                to.Append(context.Random.NextInt64(min, max + 1).ToString(CultureInfo.InvariantCulture));
                break;
            case "uuid":
                Span<byte> bytes = stackalloc byte[16];
                context.Random.NextBytes(bytes);
                // Version 4, variant 1, from the user's seeded random so that a seeded run repeats.
                bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
                bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
                to.Append(new Guid(bytes, bigEndian: true).ToString());
                break;
            case "now":
                to.Append(context.NowUnixMilliseconds.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                to.Append(context.NextCounter().ToString(CultureInfo.InvariantCulture));
                break;
        }
    }
}
