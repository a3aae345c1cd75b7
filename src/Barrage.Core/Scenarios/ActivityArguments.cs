namespace Barrage.Scenarios;

/// <summary>What a plan wrote for one step of a plugin's activity: the key's value and the options beside it, all as text.</summary>
/// <remarks>Texts may hold macros, which the plan has checked already; render them per run with <see cref="IActivityContext.Render"/>.</remarks>
public sealed class ActivityArguments
{
    private readonly Action<string?, string> _error;

    /// <param name="kind">The activity's key.</param>
    /// <param name="value">The key's value; null when the plan left it empty.</param>
    /// <param name="options">The options given, by name.</param>
    /// <param name="error">Records a mistake at an option (by name) or, for null, at the key.</param>
    public ActivityArguments(string kind, string? value, IReadOnlyDictionary<string, string> options, Action<string?, string> error)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(error);
        Kind = kind;
        Value = value;
        Options = options;
        _error = error;
    }

    /// <summary>The activity's key (<see cref="IActivityPlugin.Kind"/>).</summary>
    public string Kind { get; }

    /// <summary>The key's value (<c>tcp_ping: VALUE</c>); null when empty.</summary>
    public string? Value { get; }

    /// <summary>The options given beside the key, by name; only names the plugin declared.</summary>
    public IReadOnlyDictionary<string, string> Options { get; }

    /// <summary>An option's text, or null when it was not given.</summary>
    public string? Option(string name) => Options.TryGetValue(name, out var value) ? value : null;

    /// <summary>Reports a mistake in the key's value; the plan then fails to load, with the position.</summary>
    public void Error(string message) => _error(null, message);

    /// <summary>Reports a mistake in option <paramref name="option"/>; the plan then fails to load, with the option's position.</summary>
    public void Error(string option, string message) => _error(option, message);
}
