using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Barrage.Formats.Imports;

namespace Barrage.Formats.Tsung;

/// <summary>Reads a Tsung XML file into a <see cref="TsungDocument"/>; what is not Tsung at all is an <see cref="ImportException"/> naming the line.</summary>
public static class TsungReader
{
    /// <exception cref="ImportException">The file is not well-formed XML, or not a Tsung scenario.</exception>
    public static TsungDocument Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <exception cref="ImportException">The stream is not well-formed XML, or not a Tsung scenario.</exception>
    public static TsungDocument Read(Stream stream, string name)
    {
        XDocument document;
        try
        {
            // Tsung files name their DTD (/usr/share/tsung/tsung-1.0.dtd); it is not needed, and not fetched.
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new ImportException($"{name}:{e.LineNumber}:{e.LinePosition}: not well-formed XML: {e.Message.Split(" Line ")[0]}");
        }
        var root = document.Root;
        if (root is null || root.Name.LocalName != "tsung")
            throw new ImportException($"{name}:{Line(root)}: the root element is <{root?.Name.LocalName}>, not <tsung>; is this a Tsung scenario?");

        var ignored = new List<(int, string)>();
        var servers = root.Element("servers")?.Elements("server").Select(s => new TsungServer(
            Required(s, "host", name),
            (int)Number(s, "port", name, 1, 65535),
            (s.Attribute("type")?.Value ?? "tcp") is "ssl" or "tls",
            Line(s))).ToList() ?? [];
        var phases = root.Element("load")?.Elements("arrivalphase").Select(p => Phase(p, name)).ToList() ?? [];
        var agents = new List<(double, string)>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in root.Element("options")?.Elements("option") ?? [])
        {
            switch (option.Attribute("name")?.Value)
            {
                case "user_agent":
                    agents.AddRange(option.Elements("user_agent").Select(a => (Number(a, "probability", name, 0, 100), a.Value.Trim())));
                    break;
                case "file_server":
                    files[option.Attribute("id")?.Value ?? "default"] = Required(option, "value", name);
                    break;
                default:
                    ignored.Add((Line(option), $"option '{option.Attribute("name")?.Value}'"));
                    break;
            }
        }
        foreach (var element in root.Elements().Where(e => e.Name.LocalName is not ("servers" or "load" or "options" or "sessions")))
            ignored.Add((Line(element), $"<{element.Name.LocalName}>"));

        var sessions = new List<TsungSession>();
        foreach (var session in root.Element("sessions")?.Elements("session") ?? [])
        {
            var weight = session.Attribute("probability") is not null ? Number(session, "probability", name, 0, 100)
                : session.Attribute("weight") is not null ? Number(session, "weight", name, 0, double.MaxValue)
                : 1;
            sessions.Add(new TsungSession(session.Attribute("name")?.Value ?? $"session{sessions.Count + 1}", weight,
                session.Attribute("type")?.Value ?? "ts_http", session, Line(session)));
        }
        if (sessions.Count == 0)
            throw new ImportException($"{name}:{Line(root)}: no <session> in <sessions>; nothing to import");
        return new TsungDocument(servers, phases, agents, files, sessions, ignored);
    }

    private static TsungPhase Phase(XElement phase, string name)
    {
        var duration = Seconds(Number(phase, "duration", name, 0, double.MaxValue), phase.Attribute("unit")?.Value, phase, name);
        var users = phase.Element("users") ?? throw new ImportException($"{name}:{Line(phase)}: <arrivalphase> has no <users>");
        double perUnit;
        if (users.Attribute("arrivalrate") is not null)
            perUnit = Number(users, "arrivalrate", name, 0, double.MaxValue);
        else if (users.Attribute("interarrival") is not null)
        {
            var gap = Number(users, "interarrival", name, 0, double.MaxValue);
            perUnit = gap == 0 ? throw new ImportException($"{name}:{Line(users)}: interarrival must be above 0") : 1 / gap;
        }
        else
            throw new ImportException($"{name}:{Line(users)}: <users> needs interarrival or arrivalrate");
        // The rate is per users' unit; interarrival is a gap in that unit: both become users per second.
        var unitSeconds = Seconds(1, users.Attribute("unit")?.Value, users, name);
        long? max = users.Attribute("maxnumber") is null ? null : (long)Number(users, "maxnumber", name, 0, long.MaxValue);
        return new TsungPhase(
            (int)(phase.Attribute("phase") is null ? 0 : Number(phase, "phase", name, 0, int.MaxValue)),
            TimeSpan.FromSeconds(duration),
            perUnit / unitSeconds,
            max,
            Line(phase));
    }

    internal static double Seconds(double value, string? unit, XElement at, string name) => unit switch
    {
        null or "second" => value,
        "millisecond" => value / 1000,
        "minute" => value * 60,
        "hour" => value * 3600,
        _ => throw new ImportException($"{name}:{Line(at)}: unit '{unit}' is not one of millisecond, second, minute, hour"),
    };

    internal static string Required(XElement element, string attribute, string name) =>
        element.Attribute(attribute)?.Value ?? throw new ImportException($"{name}:{Line(element)}: <{element.Name.LocalName}> needs {attribute}=\"...\"");

    internal static double Number(XElement element, string attribute, string name, double min, double max)
    {
        var text = Required(element, attribute, name);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new ImportException($"{name}:{Line(element)}: {attribute}=\"{text}\" on <{element.Name.LocalName}> is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {(max == double.MaxValue || max == long.MaxValue ? "any" : max.ToString(CultureInfo.InvariantCulture))}");
        return value;
    }

    /// <summary>"line:column" of the element in the file (1-based), or "0:0" when unknown.</summary>
    public static string Position(XObject? node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? $"{info.LineNumber}:{info.LinePosition}" : "0:0";

    /// <summary>The element's line in the file (1-based), or 0 when unknown.</summary>
    public static int Line(XObject? node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
}
