using System.Text;
using Barrage.Cli.Output;
using Barrage.Engine;
using Barrage.Reporting.Summaries;
using Barrage.Reporting.Thresholds;
using Barrage.Thresholds;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Barrage.Cli.Tests.Output;

/// <summary>The summary and lines written without Spectre are, character for character, what Spectre writes.</summary>
public sealed class PlainConsoleTests
{
    [Fact]
    public void SummaryBlocks_PlainText_IsWhatSpectreDraws()
    {
        var random = new Random(4);
        var plainAt200 = 0;
        for (var i = 0; i < 60; i++)
        {
            var blocks = SummaryRenderer.Blocks(RandomSummary(random, i));
            foreach (var width in new[] { 20, 50, 80, 100, 120, 160, 200 })
            {
                if (Compare(blocks, width) && width == 200)
                    plainAt200++;
            }
            // Each box at its own width and a column either side: where Spectre starts to wrap.
            foreach (var block in blocks)
            {
                var text = new StringBuilder();
                if (!block.TryAppendPlain(text, 1000))
                    continue;
                var own = text.ToString().Split('\n').Max(line => line.Length);
                Assert.True(Compare([block], own));
                Assert.False(Compare([block], own - 1));
                Assert.True(Compare([block], own + 1));
            }
        }
        // At 200 columns only names with a character of unknown width (every fifth) and very long targets fall back to Spectre.
        Assert.True(plainAt200 >= 40, $"{plainAt200} of 60 summaries written as plain text");
    }

    [Fact]
    public void SummaryPanel_HeaderAsWideAsTheBox_IsWhatSpectreDraws()
    {
        var applied = 0;
        foreach (var length in Enumerable.Range(50, 20))
        {
            var summary = RandomSummary(new Random(1), 1) with { Name = new string('n', length), Target = "http://127.0.0.1:8080/", Model = Plans.LoadModel.Closed };
            if (Compare(SummaryRenderer.Blocks(summary).Take(1).ToList(), 200))
                applied++;
        }
        Assert.Equal(12, applied); // up to a header as wide as the box's inside; Spectre cuts a wider one short
    }

    /// <summary>False when the plain text does not apply; else asserts it is what Spectre writes.</summary>
    private static bool Compare(IReadOnlyList<ISummaryBlock> blocks, int width)
    {
        var text = new StringBuilder();
        if (!blocks.All(b => b.TryAppendPlain(text, width)))
            return false;
        var console = new TestConsole().Width(width);
        foreach (var block in blocks)
            console.Write(block.ToRenderable());
        Assert.Equal(console.Output, text.ToString());
        return true;
    }

    [Fact]
    public void Render_RedirectedConsole_WritesTheSummaryAsSpectreWould()
    {
        var summary = RandomSummary(new Random(7), 1);
        var plain = new TestConsole().Width(120);
        SummaryRenderer.Render(plain, summary);
        var spectre = new TestConsole().Width(120);
        foreach (var block in SummaryRenderer.Blocks(summary))
            spectre.Write(block.ToRenderable());
        Assert.StartsWith(spectre.Output, plain.Output, StringComparison.Ordinal);
        Assert.Contains("Summary: ", plain.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run #12 recorded in /tmp/x/runs.db")]
    [InlineData("a [bracketed] name, [[double]] and ]] and µs ≥ · → …")]
    [InlineData("  leading and trailing spaces  ")]
    [InlineData("tab\there")]
    [InlineData("wide 表 character")]
    [InlineData("")]
    public void MarkupLine_IsWhatSpectreWrites(string argument)
    {
        foreach (var width in Enumerable.Range(5, 60))
        {
            var plain = new TestConsole().Width(width);
            PlainConsole.MarkupLine(plain, $"[grey]{argument} ({width})[/] [red]x[/] {42}");
            PlainConsole.MarkupLine(plain, $"{argument}");
            PlainConsole.MarkupLine(plain, $"[yellow]{argument}[/]");
            var spectre = new TestConsole().Width(width);
            spectre.MarkupLineInterpolated($"[grey]{argument} ({width})[/] [red]x[/] {42}");
            spectre.MarkupLineInterpolated($"{argument}");
            spectre.MarkupLineInterpolated($"[yellow]{argument}[/]");
            Assert.Equal(spectre.Output, plain.Output);
        }
    }

    [Fact]
    public void MarkupLine_OfText_WrapsAsSpectreDoes()
    {
        var random = new Random(6);
        var wrapped = 0;
        for (var i = 0; i < 400; i++)
        {
            // Words and runs of spaces of random lengths, sometimes leading or trailing spaces, sometimes a word wider than the console.
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40))
                .Select(w => w % 2 == 1 || (w == 0 && random.Next(8) == 0) ? new string(' ', random.Next(1, 4)) : new string((char)('a' + w % 26), random.Next(1, 14))));
            var width = random.Next(8, 90);
            var plain = new TestConsole().Width(width);
            PlainConsole.MarkupLine(plain, $"{text}");
            PlainConsole.MarkupLine(plain, $"{"[00:01] next line"}");
            var spectre = new TestConsole().Width(width);
            spectre.MarkupLine(Markup.Escape(text));
            spectre.MarkupLine(Markup.Escape("[00:01] next line"));
            Assert.Equal(spectre.Output, plain.Output);
            if (text.Length > width && PlainConsole.Wrap(text, width) is not null)
                wrapped++;
        }
        Assert.True(wrapped > 100, $"{wrapped} wrapped lines");
    }

    [Fact]
    public void ConsoleTextWriter_WritesWhatSpectreWrites()
    {
        var random = new Random(9);
        var plainApplied = 0;
        string[] pieces = ["\n", " ", "  ", "--version", "Usage:", "barrage [command] [options]", "0.1.0+abc", "µs ≥", "\t", "表", ""];
        for (var i = 0; i < 300; i++)
        {
            var width = random.Next(10, 60);
            var writes = Enumerable.Range(0, random.Next(1, 8))
                .Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => pieces[random.Next(pieces.Length)]))).ToList();
            var plain = new TestConsole().Width(width);
            var writer = new ConsoleTextWriter(plain);
            var spectre = new TestConsole().Width(width);
            foreach (var text in writes)
            {
                if (text.Length == 1)
                    writer.Write(text[0]);
                else
                    writer.Write(text);
                spectre.Write(new Text(text));
                if (!text.Contains('\t') && !text.Contains('表') && text.Split('\n').All(l => l.Length <= width))
                    plainApplied++;
            }
            writer.WriteLine("done");
            spectre.Write(new Text("done\n"));
            Assert.Equal(spectre.Output, plain.Output);
        }
        Assert.True(plainApplied > 500, $"{plainApplied} plain writes");
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("[grey]label[/]")]
    [InlineData("[bold]1[/]   2 rps · [red]dropped 3[/] (0.00%)")]
    [InlineData("a [[bracketed]] name]] [[[[ and [yellow]stopped by a check (on_failure: stop_test)[/]")]
    [InlineData("[green on black]x[/][link=http://x/]y[/]")]
    public void RemoveMarkup_IsSpectres(string markup) => Assert.Equal(Markup.Remove(markup), PlainConsole.RemoveMarkup(markup));

    [Fact]
    public void Width_KnowsOnlyNarrowCharacters()
    {
        Assert.Equal(9, PlainConsole.Width("p99 µs ≥·"));
        Assert.Equal(-1, PlainConsole.Width("表"));
        Assert.Equal(-1, PlainConsole.Width("a\tb"));
        foreach (var c in "µ≥·→…█░")
            Assert.Equal(1, c.ToString().GetCellWidth());
    }

    private static RunSummary RandomSummary(Random random, int i)
    {
        string Word(int max) => new([.. Enumerable.Range(0, random.Next(1, max)).Select(_ => "abcxyz-_/:.[] 0123456789µ≥·"[random.Next(27)])]);
        LatencySummary Latency() => new(random.Next(1000), random.NextDouble() * 1e5, random.Next(100_000), random.Next(1_000_000),
            random.Next(10_000_000), random.Next(100_000_000), random.Next(2_000_000_000), random.Next(1, 100_000));
        var odd = i % 5 == 4 ? "é" : "";
        var checks = i % 3 == 0 ? [] : Enumerable.Range(0, random.Next(1, 4))
            .Select(_ => new CheckSummary(Word(30), Word(12), random.Next(100_000), random.Next(3) == 0 ? random.Next(1000) : 0)).ToList();
        var thresholds = i % 2 == 0 ? [] : Enumerable.Range(0, random.Next(1, 4))
            .Select(_ => new ThresholdOutcome(Word(40), random.Next(3) == 0 ? null : random.NextDouble() * 500, ThresholdUnit.Milliseconds,
                random.Next(2) == 0, random.Next(2) == 0 ? null : Word(50))).ToList();
        var requests = random.Next(1, 10_000_000);
        // Two or more tags make the per-tag table; more than its 30 rows make its last row say how many are left out.
        var tags = i % 4 == 1 ? [] : Enumerable.Range(0, i % 7 == 0 ? random.Next(31, 40) : random.Next(2, 6))
            .Select(_ => new TagSummary(Word(i % 3 == 0 ? 60 : 15), random.Next(1_000_000), random.Next(2) * random.Next(1000),
                random.NextDouble() * 20_000, Latency(), Latency())).ToList();
        return new RunSummary
        {
            Name = Word(i % 4 == 0 ? 120 : 20) + odd,
            Target = "http://127.0.0.1:8080/" + Word(i % 3 == 0 ? 150 : 10),
            Users = random.Next(1000),
            StartedAt = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(random.Next(-5, 6))),
            Duration = TimeSpan.FromSeconds(random.NextDouble() * 5000),
            StopReason = (StopReason)random.Next(5),
            Requests = requests,
            Successes = random.Next(requests),
            HttpErrors = random.Next(2) * random.Next(10_000),
            NetErrors = random.Next(2) * random.Next(10_000),
            ChecksPassed = checks.Sum(c => c.Passed),
            CheckFailures = checks.Sum(c => c.Failed),
            Checks = checks,
            Latency = Latency(),
            ResponseTime = random.Next(2) == 0 ? Latency() : Latency(),
            DispatchLag = Latency(),
            Model = random.Next(2) == 0 ? Plans.LoadModel.Open : Plans.LoadModel.Closed,
            Planned = requests,
            Sent = requests,
            Completed = requests,
            Dropped = random.Next(2) * random.Next(100),
            Seed = random.Next(2) == 0 ? null : random.Next(),
            BytesIn = (long)(random.NextDouble() * 1e13),
            BytesOut = random.Next(),
            StatusCodes = new Dictionary<int, long> { [200] = random.Next(1, 100_000), [503] = random.Next(2) * 25, [404] = random.Next(2) * 5 },
            NetCodes = new Dictionary<int, long> { [0] = 15_025, [110] = random.Next(2) * 5, [111] = random.Next(2) * 2 },
            Thresholds = thresholds,
            Tags = tags,
        };
    }
}
