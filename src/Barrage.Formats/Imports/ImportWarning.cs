namespace Barrage.Formats.Imports;

/// <summary>Something an import could not carry over, or changed on the way; shown to the user and written into the plan as a comment.</summary>
/// <param name="Where">Where in the source it is: "line 12", "request 3 (tag 'login')"; empty when it concerns the whole file.</param>
/// <param name="Message">What was left out or changed, and why.</param>
public sealed record ImportWarning(string Where, string Message)
{
    /// <summary>"line 12: message", or the message alone.</summary>
    public override string ToString() => Where.Length == 0 ? Message : $"{Where}: {Message}";
}
