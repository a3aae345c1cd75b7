namespace Barrage.Scenarios;

/// <summary>A virtual user's variables, read and written by templates, extraction and set.</summary>
public interface IVariableScope
{
    /// <summary>Reads a variable.</summary>
    bool TryGet(string name, out string value);

    /// <summary>Writes a variable.</summary>
    void Set(string name, string value);
}
