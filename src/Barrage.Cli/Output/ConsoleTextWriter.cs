using System.Text;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>A <see cref="TextWriter"/> over an <see cref="IAnsiConsole"/>, for the parser's help and messages.</summary>
internal sealed class ConsoleTextWriter(IAnsiConsole console) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => PlainConsole.Write(console, value.ToString());

    public override void Write(string? value)
    {
        if (value is not null)
            PlainConsole.Write(console, value);
    }

    public override void WriteLine(string? value) => Write(value + "\n");
}
