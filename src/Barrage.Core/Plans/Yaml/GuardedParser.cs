using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Barrage.Plans.Yaml;

/// <summary>
/// Turns any failure of YamlDotNet's parser into a <see cref="YamlException"/> at the last event it read.
/// </summary>
/// <remarks>
/// Its scanner sometimes fails with other exceptions on broken input: YamlDotNet 18.1 throws
/// <see cref="InvalidOperationException"/> on <c>"end: [ { h\nead: / } ]"</c> (found by the loader's fuzz test;
/// see also aaubry/YamlDotNet#541). A plan's mistakes must reach the user as positioned errors, whatever the library does.
/// </remarks>
internal sealed class GuardedParser(IParser inner) : IParser
{
    private Mark _last = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        try
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
                _last = current.End;
            return moved;
        }
        catch (Exception e) when (e is not (YamlException or OutOfMemoryException))
        {
            throw new YamlException(_last, _last, "the text cannot be read as YAML from here on; check the indentation and the brackets", e);
        }
    }
}
