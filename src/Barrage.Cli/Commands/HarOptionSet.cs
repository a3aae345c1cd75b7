using System.CommandLine;
using Barrage.Formats.Har;
using Barrage.Formats.Imports;
using Barrage.Plans;

namespace Barrage.Cli.Commands;

/// <summary>The options that shape a plan made from recorded traffic, shared by <c>import har</c> and <c>record</c>.</summary>
internal sealed class HarOptionSet
{
    private readonly Option<string[]> _include = new("--include") { Description = "Keep only requests to these hosts ('*' matches any run of characters); repeat or separate by commas.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Leave out requests to these hosts (analytics, CDNs).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _keepHeaders = new("--keep-headers") { Description = "Keep browser headers (Sec-*, cache validators...) that are left out by default." };
    private readonly Option<bool> _keepCookies = new("--keep-cookies") { Description = "Keep recorded Cookie headers instead of leaving cookies to the cookie jar." };
    private readonly Option<bool> _noTrace = new("--no-trace") { Description = "Do not turn values from responses that later requests send back (tokens, ids) into extractions and variables." };
    private readonly Option<string> _minThink = new("--min-think") { Description = "A pause within a page at least this long becomes a think time (pauses between pages always do).", DefaultValueFactory = _ => "1s" };

    public void AddTo(Command command)
    {
        command.Options.Add(_include);
        command.Options.Add(_exclude);
        command.Options.Add(_keepHeaders);
        command.Options.Add(_keepCookies);
        command.Options.Add(_minThink);
        command.Options.Add(_noTrace);
    }

    /// <exception cref="ImportException">--min-think is not a duration.</exception>
    public HarImportOptions Read(ParseResult parse)
    {
        if (!Durations.TryParse(parse.GetRequiredValue(_minThink), out var think, out var problem))
            throw new ImportException($"--min-think: {problem}");
        return new HarImportOptions
        {
            Include = Hosts(parse.GetValue(_include)),
            Exclude = Hosts(parse.GetValue(_exclude)),
            KeepHeaders = parse.GetValue(_keepHeaders),
            KeepCookies = parse.GetValue(_keepCookies),
            MinThink = think,
            Trace = !parse.GetValue(_noTrace),
        };
    }

    private static string[] Hosts(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
