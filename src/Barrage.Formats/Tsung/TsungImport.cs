using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Barrage.Formats.Imports;
using YamlDotNet.RepresentationModel;

namespace Barrage.Formats.Tsung;

/// <summary>
/// <c>barrage import tsung</c>: a Tsung XML scenario as a plan. Arrival phases become an open model (one
/// arrival is one pass through a session, as a Tsung user is), sessions become named sequences picked by
/// weight, and Tsung's HTTP features map onto requests, think times, groups, extraction, checks, data and
/// loops. What cannot be mapped is listed as a warning with its line and left out, never silently.
/// </summary>
public static class TsungImport
{
    private static readonly Regex Substitution = new(@"%%(?<fn>[A-Za-z0-9_]+:[A-Za-z0-9_]+)%%|%%_(?<name>[^%]+)%%", RegexOptions.CultureInvariant);

    /// <summary>Makes a plan of <paramref name="document"/>.</summary>
    /// <param name="document">The scenario as <see cref="TsungReader"/> read it.</param>
    /// <param name="source">The XML file's path: data files named relative to it are looked up there.</param>
    /// <param name="target">The target; by default the first <c>&lt;server&gt;</c>.</param>
    /// <exception cref="ImportException">There is no server and no target, or no HTTP session.</exception>
    public static ImportResult Import(TsungDocument document, string source, Uri? target = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var import = new Importer(document, source);
        return import.Run(target);
    }

    private sealed class Importer(TsungDocument document, string source)
    {
        private readonly List<ImportWarning> _warnings = [];
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);  // Tsung variable → plan variable
        private readonly HashSet<string> _declared = new(StringComparer.Ordinal);          // set by extraction, set: or data
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);
        private readonly YamlMappingNode _sequences = new();
        private readonly YamlMappingNode _data = new();
        private readonly List<CompanionFile> _files = [];
        private readonly string _name = AmmoImport.NameOf(source);
        private int _repeats;

        public ImportResult Run(Uri? target)
        {
            target ??= Target();
            var plan = new YamlMappingNode
            {
                { "name", PlanYaml.Scalar(_name) },
                { "target", PlanYaml.Scalar(target.ToString().TrimEnd('/')) },
                { "load", Load() },
            };

            var sessions = new List<(TsungSession Session, string Sequence)>();
            foreach (var session in document.Sessions)
            {
                if (session.Type != "ts_http")
                {
                    Warn(session.Line, $"session '{session.Name}' is of type {session.Type}; Barrage imports HTTP sessions only, left out");
                    continue;
                }
                var sequence = UniqueSequence(VariableName(session.Name));
                _sequences.Add(sequence, new YamlSequenceNode(Steps(session.Element)));
                sessions.Add((session, sequence));
            }
            if (sessions.Count == 0)
            {
                throw new ImportException($"{source}:{TsungReader.Position(document.Sessions[0].Element)}: no HTTP (ts_http) session to import; the file's sessions are "
                    + string.Join(", ", document.Sessions.Select(s => $"'{s.Name}' ({s.Type}, line {s.Line})")));
            }

            var main = new YamlSequenceNode();
            if (document.UserAgents.Count > 0)
            {
                main.Add(Pick("user_agent_pick", [.. document.UserAgents.Select(a => (a.Probability, (YamlNode)new YamlMappingNode { { "set", new YamlMappingNode { { "user_agent", PlanYaml.Scalar(PlanYaml.Literal(a.Agent)) } } } }))]));
                _declared.Add("user_agent");
                plan.Add("headers", new YamlMappingNode { { "User-Agent", "${user_agent}" } });
            }
            if (sessions.Count == 1)
                main.Add(Call(sessions[0].Sequence));
            else
                main.Add(Pick("session_pick", [.. sessions.Select(s => (s.Session.Weight, (YamlNode)Call(s.Sequence)))]));

            // A variable read before anything sets it (an Erlang function's, a file Barrage could not read) starts empty.
            var undeclared = _used.Except(_declared).Order(StringComparer.Ordinal).ToList();
            if (undeclared.Count > 0)
            {
                var variables = new YamlMappingNode();
                foreach (var name in undeclared)
                    variables.Add(name, PlanYaml.Scalar(""));
                plan.Add("variables", variables);
                Warn(0, $"variable(s) {string.Join(", ", undeclared)} are used but never set by anything Barrage could map; they start empty");
            }
            if (_data.Children.Count > 0)
                plan.Add("data", _data);
            plan.Add("scenario", new YamlMappingNode { { "main", main }, { "sequences", _sequences } });

            var comments = new List<string>
            {
                $"Imported from the Tsung scenario {Path.GetFileName(source)}: {sessions.Count} session(s), {document.Phases.Count} arrival phase(s).",
                "Each arrival runs one session, picked by the sessions' weights, as a Tsung user does.",
            };
            comments.AddRange(document.Ignored.Select(i => $"line {i.Line}: {i.What} left out (not part of an HTTP load)"));
            comments.AddRange(_warnings.Select(w => "warning: " + w));
            return new ImportResult(PlanYaml.Write(plan, comments), _warnings) { Files = _files };
        }

        private Uri Target()
        {
            if (document.Servers.Count == 0)
                throw new ImportException($"{source}: no <server> in <servers>; give the target with --target URL");
            if (document.Servers.Count > 1)
                Warn(document.Servers[1].Line, $"Tsung spreads sessions over {document.Servers.Count} servers; the plan targets the first, {document.Servers[0].Host}");
            var server = document.Servers[0];
            var scheme = server.Tls ? "https" : "http";
            return new UriBuilder(scheme, server.Host, server.Port).Uri;
        }

        // Each phase: users arrive at its rate; a phase's maxnumber stops arrivals early and the phase runs out idle.
        private YamlMappingNode Load()
        {
            if (document.Phases.Count == 0)
            {
                Warn(0, "no <arrivalphase>; the plan starts with one arrival per second for a minute");
                return new YamlMappingNode { { "model", "open" }, { "schedule", "const(1, 1m)" } };
            }
            var parts = new List<string>();
            foreach (var phase in document.Phases)
            {
                var seconds = phase.Duration.TotalSeconds;
                var busy = phase.MaxUsers is { } max && phase.UsersPerSecond > 0 ? Math.Min(seconds, max / phase.UsersPerSecond) : seconds;
                parts.Add($"const({Number(phase.UsersPerSecond)}, {Seconds(busy)})");
                if (busy < seconds)
                    parts.Add($"const(0, {Seconds(seconds - busy)})");
            }
            return new YamlMappingNode { { "model", "open" }, { "schedule", PlanYaml.Scalar(string.Join(' ', parts)) } };
        }

        private List<YamlNode> Steps(XElement parent)
        {
            var steps = new List<YamlNode>();
            foreach (var element in parent.Elements())
            {
                var line = TsungReader.Line(element);
                switch (element.Name.LocalName)
                {
                    case "request":
                        if (Request(element) is { } request)
                            steps.Add(request);
                        break;
                    case "thinktime":
                        if (Think(element) is { } think)
                            steps.Add(think);
                        break;
                    case "transaction":
                        var inside = Steps(element);
                        if (inside.Count > 0)
                            steps.Add(new YamlMappingNode { { "group", PlanYaml.Scalar(element.Attribute("name")?.Value ?? $"transaction{line}") }, { "do", new YamlSequenceNode(inside) } });
                        break;
                    case "setdynvars":
                        steps.AddRange(SetDynVars(element));
                        break;
                    case "for":
                        steps.AddRange(For(element));
                        break;
                    case "repeat":
                        steps.AddRange(Repeat(element));
                        break;
                    case "if":
                        if (If(element) is { } branch)
                            steps.Add(branch);
                        break;
                    default:
                        Warn(line, $"<{element.Name.LocalName}> has no Barrage equivalent; left out");
                        break;
                }
            }
            return steps;
        }

        private YamlMappingNode? Request(XElement request)
        {
            var line = TsungReader.Line(request);
            var http = request.Element("http");
            if (http is null)
            {
                Warn(line, "a <request> without <http> (another protocol) is left out");
                return null;
            }
            bool subst = request.Attribute("subst")?.Value == "true";
            var method = (http.Attribute("method")?.Value ?? "GET").ToUpperInvariant();
            var url = Text(http.Attribute("url")?.Value ?? "/", subst, line);
            var headers = http.Elements("http_header")
                .Select(h => new KeyValuePair<string, string>(h.Attribute("name")?.Value ?? "", Text(h.Attribute("value")?.Value ?? "", subst, line)))
                .Where(h => h.Key.Length > 0)
                .ToList();
            string? body = null;
            if (http.Attribute("contents") is { } contents)
                body = Text(contents.Value, subst, line);
            else if (http.Attribute("contents_from_file") is { } file)
                body = ReadBody(file.Value, line);
            if (http.Attribute("content_type") is { } type && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
                headers.Add(new("Content-Type", type.Value));
            if (http.Attribute("if_modified_since") is { } since)
                headers.Add(new("If-Modified-Since", since.Value));
            foreach (var unsupported in http.Elements().Where(e => e.Name.LocalName != "http_header"))
                Warn(TsungReader.Line(unsupported), $"<{unsupported.Name.LocalName}> in a request is not mapped; left out");

            var node = PlanYaml.Request(method, url, null, headers, body);
            var options = PlanYaml.Options(node);
            var extract = new YamlMappingNode();
            foreach (var dyn in request.Elements("dyn_variable"))
            {
                if (Extraction(dyn) is { } found)
                    extract.Add(found.Name, found.How);
            }
            if (extract.Children.Count > 0)
                options.Add("extract", extract);
            var checks = new YamlSequenceNode(request.Elements("match").Select(Match).OfType<YamlNode>());
            if (checks.Children.Count > 0)
                options.Add("check", checks);
            return node;
        }

        private (string Name, YamlMappingNode How)? Extraction(XElement dyn)
        {
            var line = TsungReader.Line(dyn);
            if (dyn.Attribute("name")?.Value is not { Length: > 0 } tsungName)
            {
                Warn(line, "<dyn_variable> without a name; left out");
                return null;
            }
            var name = Declare(tsungName);
            if (dyn.Attribute("re") is { } re)
                return (name, new YamlMappingNode { { "regex", PlanYaml.Scalar(re.Value) } });
            if (dyn.Attribute("jsonpath") is { } json)
                return (name, new YamlMappingNode { { "json", PlanYaml.Scalar(json.Value) } });
            if (dyn.Attribute("xpath") is { } xpath)
                return (name, new YamlMappingNode { { "xpath", PlanYaml.Scalar(xpath.Value) } });
            if (dyn.Attributes().Any(a => a.Name.LocalName is not "name"))
            {
                Warn(line, $"<dyn_variable name=\"{tsungName}\"> uses {string.Join(", ", dyn.Attributes().Where(a => a.Name.LocalName != "name").Select(a => a.Name.LocalName))}, which Barrage does not map; left out");
                return null;
            }
            // Without an expression Tsung takes the value of the HTML form field of that name.
            return (name, new YamlMappingNode { { "regex", PlanYaml.Scalar($"name=[\"']{Regex.Escape(tsungName)}[\"'][^>]*value=[\"']([^\"']*)[\"']") } });
        }

        // <match do= when=>: a check whose failure does what Tsung's action did.
        private YamlMappingNode? Match(XElement match)
        {
            var line = TsungReader.Line(match);
            var pattern = match.Value;
            var when = match.Attribute("when")?.Value ?? "match";
            var action = match.Attribute("do")?.Value ?? "continue";
            string onFailure;
            switch (action)
            {
                case "continue" or "log" or "dump":
                    onFailure = "continue";
                    break;
                case "abort":
                    onFailure = "stop_user";
                    break;
                case "restart" or "loop":
                    onFailure = "abort_iteration";
                    if (action == "loop")
                        Warn(line, "<match do=\"loop\"> retries the request in Tsung; Barrage ends the iteration instead");
                    break;
                default:
                    Warn(line, $"<match do=\"{action}\"> is not a Tsung action Barrage knows; left out");
                    return null;
            }
            // Tsung acts WHEN the pattern matches (or not): the check passes in the other case.
            var check = when == "nomatch" ? pattern : $"^(?![\\s\\S]*(?:{pattern}))";
            return new YamlMappingNode
            {
                { "body_regex", PlanYaml.Scalar(check) },
                { "name", PlanYaml.Scalar($"tsung match line {line}") },
                { "on_failure", onFailure },
            };
        }

        private YamlMappingNode? Think(XElement think)
        {
            var line = TsungReader.Line(think);
            if (think.Attribute("min") is { } min && think.Attribute("max") is { } max)
                return new YamlMappingNode { { "think", $"{Seconds(ParseNumber(min.Value, line))}..{Seconds(ParseNumber(max.Value, line))}" } };
            if (think.Attribute("value") is not { } value)
            {
                Warn(line, "<thinktime> without value or min/max; left out");
                return null;
            }
            var seconds = ParseNumber(value.Value, line);
            bool random = (think.Attribute("random")?.Value ?? "true") == "true"; // Tsung's default is random
            return random
                ? new YamlMappingNode { { "think", new YamlMappingNode { { "exponential", Seconds(seconds) } } } }
                : new YamlMappingNode { { "think", Seconds(seconds) } };
        }

        private IEnumerable<YamlNode> SetDynVars(XElement set)
        {
            var line = TsungReader.Line(set);
            var vars = set.Elements("var").Select(v => v.Attribute("name")?.Value).OfType<string>().ToList();
            switch (set.Attribute("sourcetype")?.Value)
            {
                case "random_number":
                    var start = (long)ParseNumber(set.Attribute("start")?.Value ?? "0", line);
                    var end = (long)ParseNumber(set.Attribute("end")?.Value ?? "100", line);
                    yield return SetAll(vars, _ => $"${{random_int({start},{end})}}");
                    break;
                case "random_string":
                    Warn(line, "random_string becomes ${uuid()} (a random 36-character text), whatever its length");
                    yield return SetAll(vars, _ => "${uuid()}");
                    break;
                case "value":
                    var text = set.Attribute("value")?.Value ?? "";
                    yield return SetAll(vars, _ => PlanYaml.Literal(text));
                    break;
                case "file":
                    if (DataFile(set, vars, line) is { } feeder)
                        yield return SetAll(vars, v => $"${{{feeder}.{VariableName(v)}}}");
                    break;
                default:
                    Warn(line, $"<setdynvars sourcetype=\"{set.Attribute("sourcetype")?.Value}\"> (Erlang code) cannot be mapped; {string.Join(", ", vars)} left unset");
                    break;
            }
        }

        private YamlMappingNode SetAll(List<string> vars, Func<string, string> value)
        {
            var map = new YamlMappingNode();
            foreach (var v in vars)
                map.Add(Declare(v), PlanYaml.Scalar(value(v)));
            return new YamlMappingNode { { "set", map } };
        }

        // A Tsung file_server file has no header and ';' between values: it is written again as CSV with the
        // <var> names as its header, beside the plan, so the plan's data feeder reads it as it is.
        private string? DataFile(XElement set, List<string> vars, int line)
        {
            var id = set.Attribute("fileid")?.Value ?? "default";
            if (!document.FileServers.TryGetValue(id, out var path))
            {
                Warn(line, $"<setdynvars> reads file id '{id}', which no file_server option defines; {string.Join(", ", vars)} left unset");
                return null;
            }
            var feeder = VariableName(id);
            if (_data.Children.ContainsKey(new YamlScalarNode(feeder)))
                return feeder;
            var full = Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source)) ?? "", path);
            var fileName = $"{_name}-{feeder}.csv";
            var delimiter = set.Attribute("delimiter")?.Value is { Length: > 0 } d ? d : ";";
            var order = set.Attribute("order")?.Value == "random" ? "random" : "circular";
            _data.Add(feeder, new YamlMappingNode { { "csv", PlanYaml.Scalar(fileName) }, { "order", order }, { "bind", "iteration" } });
            if (!File.Exists(full))
            {
                Warn(line, $"the data file {path} is not here to convert; create {fileName} beside the plan with the header '{string.Join(",", vars.Select(VariableName))}'");
                return feeder;
            }
            var csv = new StringBuilder();
            csv.AppendJoin(',', vars.Select(VariableName)).Append('\n');
            foreach (var row in File.ReadLines(full).Where(l => l.Length > 0))
                csv.AppendJoin(',', row.Split(delimiter).Take(vars.Count).Select(Csv)).Append('\n');
            _files.Add(new CompanionFile(fileName, csv.ToString()));
            return feeder;
        }

        private IEnumerable<YamlNode> For(XElement loop)
        {
            var line = TsungReader.Line(loop);
            var from = (long)ParseNumber(loop.Attribute("from")?.Value ?? "1", line);
            var to = (long)ParseNumber(loop.Attribute("to")?.Value ?? "1", line);
            var step = Math.Max(1, (long)ParseNumber(loop.Attribute("incr")?.Value ?? "1", line));
            var count = to < from ? 0 : ((to - from) / step) + 1;
            if (loop.Attribute("var")?.Value is { } variable)
            {
                // Barrage's loops count but do not do arithmetic: the variable holds its first value throughout.
                yield return new YamlMappingNode { { "set", new YamlMappingNode { { Declare(variable), from.ToString(CultureInfo.InvariantCulture) } } } };
                if (loop.Descendants().Any(e => e.Attributes().Any(a => a.Value.Contains($"%%_{variable}%%", StringComparison.Ordinal))))
                    Warn(line, $"<for var=\"{variable}\">: the body uses %%_{variable}%%, which stays {from} in every pass (use ${{iteration}} or a counter instead)");
            }
            var steps = Steps(loop);
            if (steps.Count > 0 && count > 0)
                yield return new YamlMappingNode { { "loop", count.ToString(CultureInfo.InvariantCulture) }, { "do", new YamlSequenceNode(steps) } };
        }

        // <repeat> runs its body, then tests <while>/<until>: the body becomes a sequence called once, then again while the test holds.
        private IEnumerable<YamlNode> Repeat(XElement repeat)
        {
            var line = TsungReader.Line(repeat);
            var max = (long)ParseNumber(repeat.Attribute("max_repeat")?.Value ?? "20", line); // Tsung's default
            var test = repeat.Elements().FirstOrDefault(e => e.Name.LocalName is "while" or "until");
            var body = Steps(new XElement("body", repeat.Elements().Where(e => e != test)));
            if (body.Count == 0)
                yield break;
            var sequence = UniqueSequence(VariableName(repeat.Attribute("name")?.Value ?? $"repeat{++_repeats}"));
            _sequences.Add(sequence, new YamlSequenceNode(body));
            yield return Call(sequence);
            if (test is null || max <= 1 || Comparison(test, test.Name.LocalName == "until") is not { } condition)
                yield break;
            yield return new YamlMappingNode
            {
                { "loop", (max - 1).ToString(CultureInfo.InvariantCulture) },
                { "while", PlanYaml.Scalar(condition) },
                { "do", new YamlSequenceNode(Call(sequence)) },
            };
        }

        private YamlMappingNode? If(XElement branch)
        {
            if (Comparison(branch, negate: false) is not { } condition)
                return null;
            var then = Steps(branch);
            return then.Count == 0 ? null : new YamlMappingNode { { "if", PlanYaml.Scalar(condition) }, { "then", new YamlSequenceNode(then) } };
        }

        private string? Comparison(XElement test, bool negate)
        {
            var line = TsungReader.Line(test);
            if (test.Attribute("var")?.Value is not { } variable)
            {
                Warn(line, $"<{test.Name.LocalName}> without var; left out");
                return null;
            }
            var name = Use(variable);
            var (op, value) = test.Attribute("eq") is { } eq ? ("==", eq.Value) : test.Attribute("neq") is { } neq ? ("!=", neq.Value) : (null, null);
            if (op is null || value is null)
            {
                Warn(line, $"<{test.Name.LocalName} var=\"{variable}\"> compares with something other than eq or neq; left out");
                return null;
            }
            if (negate)
                op = op == "==" ? "!=" : "==";
            return $"{name} {op} '{value.Replace("'", "\\'", StringComparison.Ordinal)}'";
        }

        // %%_name%% → ${name} when the request asks for substitution; %%module:function%% is Erlang, which Barrage cannot call.
        private string Text(string text, bool subst, int line)
        {
            var literal = PlanYaml.Literal(text);
            if (!subst)
                return literal;
            return Substitution.Replace(literal, m =>
            {
                if (m.Groups["fn"].Success)
                {
                    Warn(line, $"%%{m.Groups["fn"].Value}%% calls Erlang code, which Barrage cannot; replaced by nothing");
                    return "";
                }
                return "${" + Use(m.Groups["name"].Value) + "}";
            });
        }

        private string? ReadBody(string path, int line)
        {
            var full = Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source)) ?? "", path);
            if (File.Exists(full))
                return PlanYaml.Literal(File.ReadAllText(full));
            Warn(line, $"contents_from_file {path} is not here; the request is sent without a body");
            return null;
        }

        private YamlMappingNode Pick(string variable, List<(double Weight, YamlNode Step)> choices)
        {
            // One draw from 1..1000 per arrival; each choice takes a share of the range by its weight.
            var total = choices.Sum(c => c.Weight);
            var steps = new List<(int Bound, YamlNode Step)>();
            double running = 0;
            foreach (var (weight, step) in choices)
            {
                running += weight;
                steps.Add(((int)Math.Round(1000 * running / total), step));
            }
            YamlNode chain = steps[^1].Step;
            for (int i = steps.Count - 2; i >= 0; i--)
            {
                chain = new YamlMappingNode
                {
                    { "if", $"{variable} <= {steps[i].Bound}" },
                    { "then", new YamlSequenceNode(steps[i].Step) },
                    { "else", new YamlSequenceNode(chain) },
                };
            }
            _declared.Add(variable);
            return new YamlMappingNode
            {
                { "group", PlanYaml.Scalar("pick " + variable.Replace("_pick", "", StringComparison.Ordinal)) },
                { "do", new YamlSequenceNode(new YamlMappingNode { { "set", new YamlMappingNode { { variable, "${random_int(1,1000)}" } } } }, chain) },
            };
        }

        private static YamlMappingNode Call(string sequence) => new() { { "call", PlanYaml.Scalar(sequence) } };

        private string Declare(string tsungName)
        {
            var name = Use(tsungName);
            _declared.Add(name);
            return name;
        }

        private string Use(string tsungName)
        {
            if (!_names.TryGetValue(tsungName, out var name))
                _names[tsungName] = name = VariableName(tsungName);
            _used.Add(name);
            return name;
        }

        private string UniqueSequence(string name)
        {
            var unique = name;
            for (int i = 2; _sequences.Children.ContainsKey(new YamlScalarNode(unique)); i++)
                unique = $"{name}_{i}";
            return unique;
        }

        private double ParseNumber(string text, int line)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
                return value;
            throw new ImportException($"{source}:{line}: '{text}' is not a number");
        }

        private void Warn(int line, string message) => _warnings.Add(new ImportWarning(line > 0 ? $"line {line}" : "", message));

        // Plan variables are letters, digits and '_', not starting with a digit.
        private static string VariableName(string name)
        {
            var clean = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_')]);
            return clean.Length == 0 || char.IsAsciiDigit(clean[0]) ? "v_" + clean : clean;
        }

        private static string Csv(string value) =>
            value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

        private static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

        private static string Seconds(double seconds) =>
            seconds == Math.Floor(seconds) ? $"{(long)seconds}s" : $"{(long)Math.Round(seconds * 1000)}ms";
    }
}
