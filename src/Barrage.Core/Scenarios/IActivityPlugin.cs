namespace Barrage.Scenarios;

/// <summary>
/// A kind of activity a plugin adds to YAML plans: its key, the options it takes beside the key, and how it makes an
/// activity from what the plan wrote. Barrage finds every public class implementing it (with a public parameterless
/// constructor) in each assembly a plan lists under <c>plugins:</c>.
/// </summary>
/// <example>
/// <code>
/// - tcp_ping: db.local:5432   # Kind: "tcp_ping"; the key's value and options are text, macros allowed
///   timeout: 1s                 # Options: ["timeout", "tag"]
/// </code>
/// </example>
public interface IActivityPlugin
{
    /// <summary>The YAML key: letters, digits and '_', starting with a letter, and not a built-in activity's.</summary>
    string Kind { get; }

    /// <summary>The options it takes beside the key; any other is reported as an unknown field, with a suggestion.</summary>
    IReadOnlyCollection<string> Options { get; }

    /// <summary>
    /// Makes the activity from <paramref name="arguments"/>, or reports what is wrong through
    /// <see cref="ActivityArguments.Error(string)"/> and returns null. Called while the plan loads, once per step.
    /// </summary>
    ICustomActivity? Create(ActivityArguments arguments);
}
