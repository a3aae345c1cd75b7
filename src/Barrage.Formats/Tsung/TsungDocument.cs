using System.Xml.Linq;

namespace Barrage.Formats.Tsung;

/// <summary>
/// A Tsung XML scenario as read: the parts Barrage maps (servers, arrival phases, options, sessions), each
/// element kept with its line so an import can say where it left something out.
/// </summary>
/// <param name="Servers">The <c>&lt;server&gt;</c> elements: host, port and whether it is TLS.</param>
/// <param name="Phases">The <c>&lt;arrivalphase&gt;</c> elements in order.</param>
/// <param name="UserAgents">The <c>user_agent</c> option's agents and their probabilities.</param>
/// <param name="FileServers">The <c>file_server</c> option: file id → path (the default id is <c>default</c>).</param>
/// <param name="Sessions">The sessions, with their weights and their elements as written.</param>
/// <param name="Ignored">Top-level elements and options Barrage does not map (monitoring, clients...), with their lines.</param>
public sealed record TsungDocument(
    IReadOnlyList<TsungServer> Servers,
    IReadOnlyList<TsungPhase> Phases,
    IReadOnlyList<(double Probability, string Agent)> UserAgents,
    IReadOnlyDictionary<string, string> FileServers,
    IReadOnlyList<TsungSession> Sessions,
    IReadOnlyList<(int Line, string What)> Ignored);

/// <summary>A <c>&lt;server host port type&gt;</c>.</summary>
public sealed record TsungServer(string Host, int Port, bool Tls, int Line);

/// <summary>
/// An <c>&lt;arrivalphase&gt;</c>: for <see cref="Duration"/>, new users arrive at <see cref="UsersPerSecond"/>,
/// at most <see cref="MaxUsers"/> of them when set.
/// </summary>
public sealed record TsungPhase(int Number, TimeSpan Duration, double UsersPerSecond, long? MaxUsers, int Line);

/// <summary>A <c>&lt;session&gt;</c>: its name, its share of arriving users (probability or weight) and its body.</summary>
public sealed record TsungSession(string Name, double Weight, string Type, XElement Element, int Line);
