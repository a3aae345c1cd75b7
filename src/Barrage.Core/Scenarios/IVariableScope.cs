namespace Barrage.Scenarios;

/// <summary>A virtual user's variables, by name: what macros read and <c>set:</c> or extraction write.</summary>
public interface IVariableScope
{
    /// <summary>The variable's current value; false when it has none yet.</summary>
    bool TryGet(string name, out string value);

    /// <summary>Sets (or replaces) the variable's value for this user.</summary>
    void Set(string name, string value);
}
