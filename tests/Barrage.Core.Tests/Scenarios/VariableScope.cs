using Barrage.Scenarios;

namespace Barrage.Core.Tests.Scenarios;

/// <summary>A dictionary of variables, as a user's scope.</summary>
internal sealed class VariableScope : IVariableScope
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public bool TryGet(string name, out string value) => Values.TryGetValue(name, out value!);

    public void Set(string name, string value) => Values[name] = value;
}
