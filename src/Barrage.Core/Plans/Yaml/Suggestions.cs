namespace Barrage.Plans.Yaml;

/// <summary>Finds what a user probably meant by a misspelt name ("duraton" → "duration").</summary>
internal static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="input"/>, ignoring case, or null when none is close enough to be a typo.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // Short names tolerate fewer edits, or "x" would be a typo of every two-letter name.
            var allowed = candidate.Length <= 3 ? 1 : candidate.Length <= 5 ? 2 : 3;
            if (Math.Abs(input.Length - candidate.Length) > allowed)
                continue;
            var d = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d <= allowed && d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Edit distance counting insertions, deletions, substitutions and swaps of neighbours (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>"; did you mean 'x'?" or "; expected one of: a, b, c" for the end of a message.</summary>
    public static string Hint(string input, IReadOnlyCollection<string> candidates) =>
        Closest(input, candidates) is { } guess
            ? $"; did you mean '{guess}'?"
            : $"; expected one of: {string.Join(", ", candidates)}";
}
