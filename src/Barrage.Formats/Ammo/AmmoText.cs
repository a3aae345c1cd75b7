using System.Text;

namespace Barrage.Formats.Ammo;

/// <summary>Shows file bytes in error messages: short, printable, with control bytes escaped.</summary>
internal static class AmmoText
{
    private const int MaxShown = 40;

    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, MaxShown)])
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                (byte)'\'' => "\\'",
                < 0x20 or >= 0x7F => $"\\x{b:X2}",
                _ => ((char)b).ToString(),
            });
        }
        if (bytes.Length > MaxShown)
            text.Append("...");
        return text.ToString();
    }
}
