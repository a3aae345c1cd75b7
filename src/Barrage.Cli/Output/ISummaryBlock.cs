using System.Text;
using Spectre.Console.Rendering;

namespace Barrage.Cli.Output;

/// <summary>A box of the summary (the overview panel, a table), drawn by Spectre or, where that gives the same text, by <see cref="PlainConsole"/>.</summary>
internal interface ISummaryBlock
{
    IRenderable ToRenderable();

    /// <summary>Appends the block as Spectre draws it without colours, or returns false when it does not fit in <paramref name="width"/> columns on one line a row (Spectre would wrap) or holds text whose width is not known.</summary>
    bool TryAppendPlain(StringBuilder text, int width);
}
