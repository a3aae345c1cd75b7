namespace Barrage.Target.Internal;

/// <summary>Reads the <c>name=value, name="quoted value"</c> list of a Digest header (RFC 7616 §3.4).</summary>
internal static class DigestParameters
{
    public static Dictionary<string, string> Parse(ReadOnlySpan<char> text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
                i++;
            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
                i++;
            var name = text[nameStart..i].Trim().ToString();
            if (i >= text.Length || text[i] != '=')
                continue;
            i++;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                        i++;
                    sb.Append(text[i++]);
                }
                i++;
                value = sb.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',')
                    i++;
                value = text[valueStart..i].Trim().ToString();
            }
            if (name.Length > 0)
                result[name] = value;
        }
        return result;
    }
}
