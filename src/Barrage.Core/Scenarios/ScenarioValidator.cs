using Barrage.Plans;

namespace Barrage.Scenarios;

/// <summary>
/// Checks a scenario's structure and macros: calls of sequences that exist and do not call themselves, macros and
/// conditions that parse and name only known variables and functions. YAML plans check macros where they are
/// written (with the column); scenarios built in code are checked here, at their activities.
/// </summary>
internal static class ScenarioValidator
{
    /// <summary>Every mistake; <paramref name="macros"/> false skips the macro checks (done already by the YAML reader).</summary>
    public static List<PlanError> Validate(Scenario scenario, bool macros = true)
    {
        var errors = new List<PlanError>();
        foreach (var call in ScenarioWalk.All(scenario).OfType<CallActivity>())
        {
            if (!scenario.Sequences.ContainsKey(call.Sequence))
            {
                var hint = scenario.Sequences.Count == 0
                    ? "; define it under scenario.sequences"
                    : Plans.Yaml.Suggestions.Hint(call.Sequence, [.. scenario.Sequences.Keys]);
                errors.Add(new PlanError(call.Position, $"call: unknown sequence '{call.Sequence}'{hint}"));
            }
        }
        foreach (var (name, steps) in scenario.Sequences)
        {
            if (CallsItself(scenario, name, steps, []) is { } cycle)
                errors.Add(new PlanError(cycle.Position, $"call: sequence '{name}' ends up calling itself, which would never end"));
        }
        CheckSockets(scenario, errors);
        if (macros)
        {
            // A YAML plan checked these where they were written; a scenario built in code is checked here.
            foreach (var request in ScenarioWalk.All(scenario).OfType<RequestActivity>())
            {
                if ((PlanRules.CheckMethod(request.Method) ?? PlanRules.CheckRequestUrlTemplate(request.Url)) is { } error)
                    errors.Add(new PlanError(request.Position, error));
            }
            foreach (var connect in ScenarioWalk.All(scenario).OfType<WebSocketConnectActivity>())
            {
                if (WebSocketUrl.Check(connect.Url) is { } error)
                    errors.Add(new PlanError(connect.Position, $"ws_connect: {error}"));
            }
            CheckMacros(scenario, errors);
        }
        return errors;
    }

    /// <summary>Checks one macro text (or condition) against <paramref name="known"/> names; reports each mistake at its offset.</summary>
    public static void CheckText(string text, bool isCondition, HashSet<string> known, Action<int, string> report)
    {
        var errors = new List<MacroError>();
        IReadOnlyList<(string Name, int Offset)> names;
        if (isCondition)
            names = Condition.Parse(text, errors)?.Variables ?? [];
        else
            names = Template.Parse(text, errors).Variables;
        foreach (var error in errors)
            report(error.Offset, error.Message);
        foreach (var (name, offset) in names)
        {
            if (!known.Contains(name))
                report(offset, $"unknown variable '{name}'{UnknownHint(name, known)}");
        }
    }

    private static string UnknownHint(string name, HashSet<string> known)
    {
        var closest = Plans.Yaml.Suggestions.Closest(name, known);
        var guess = closest is null ? null : $"; did you mean '{closest}'?";
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && DataColumns(name[..(dot + 1)], known) is { } columns)
        {
            // A column of another file is no guess for this one's.
            if (closest?.StartsWith(name[..(dot + 1)], StringComparison.Ordinal) == true)
                return guess!;
            return $"; data '{name[..dot]}' has the column(s) {string.Join(", ", columns.Select(c => $"'{c}'"))}"
                + (columns is [var one] && one.IndexOfAny([';', '\t', '|']) >= 0 ? " (one column: are its fields separated by something else than commas? A csv file's are separated by commas)" : "");
        }
        return guess ?? "; declare it under 'variables', set it with 'set', or extract it from a response";
    }

    // The columns of the data file whose variables start with PREFIX ("users."), when there is one; null otherwise.
    private static List<string>? DataColumns(string prefix, HashSet<string> known)
    {
        var columns = known.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).Order(StringComparer.Ordinal).ToList();
        return columns.Count > 0 ? columns : null;
    }

    // A socket that no ws_connect opens anywhere can only ever fail: a misspelt name, caught before the run.
    private static void CheckSockets(Scenario scenario, List<PlanError> errors)
    {
        var steps = ScenarioWalk.All(scenario).OfType<WebSocketActivity>().ToList();
        var opened = steps.OfType<WebSocketConnectActivity>().Select(c => c.Socket).ToHashSet(StringComparer.Ordinal);
        foreach (var step in steps.Where(s => s is not WebSocketConnectActivity && !opened.Contains(s.Socket)))
        {
            var hint = opened.Count == 0
                ? "; open it with ws_connect first"
                : Plans.Yaml.Suggestions.Hint(step.Socket, opened);
            errors.Add(new PlanError(step.Position, $"{step.Kind}: no ws_connect opens socket '{step.Socket}'{hint}"));
        }
    }

    private static IEnumerable<string> AuthTexts(AuthSpec? auth) =>
        auth is null ? [] : [auth.User, auth.Password, auth.Token];

    private static CallActivity? CallsItself(Scenario scenario, string target, IReadOnlyList<Activity> steps, HashSet<string> visited)
    {
        foreach (var call in ScenarioWalk.Flatten(steps).OfType<CallActivity>())
        {
            if (call.Sequence == target)
                return call;
            if (visited.Add(call.Sequence) && scenario.Sequences.TryGetValue(call.Sequence, out var inner) && CallsItself(scenario, target, inner, visited) is not null)
                return call;
        }
        return null;
    }

    private static void CheckMacros(Scenario scenario, List<PlanError> errors)
    {
        var known = ScenarioWalk.KnownNames(scenario);
        void Check(SourcePosition at, string? text, bool isCondition = false)
        {
            if (text is not null)
                CheckText(text, isCondition, known, (_, message) => errors.Add(new PlanError(at, message)));
        }
        // Each list on its own, not LINQ's Concat over the pairs (structs): generic code compiled at run time at every start.
        foreach (var (_, value) in scenario.Variables)
            Check(SourcePosition.None, value);
        foreach (var (_, value) in scenario.Headers)
            Check(SourcePosition.None, value);
        foreach (var text in AuthTexts(scenario.Auth))
            Check(SourcePosition.None, text);
        foreach (var activity in ScenarioWalk.All(scenario))
        {
            var at = activity.Position;
            switch (activity)
            {
                case RequestActivity r:
                    Check(at, r.Url);
                    Check(at, r.Body);
                    foreach (var (_, value) in r.Headers)
                        Check(at, value);
                    foreach (var (_, value) in r.Query)
                        Check(at, value);
                    foreach (var (_, value) in r.Form ?? [])
                        Check(at, value);
                    foreach (var part in r.Multipart ?? [])
                        Check(at, part.Value);
                    foreach (var text in AuthTexts(r.Auth))
                        Check(at, text);
                    if (r.Json is not null)
                    {
                        foreach (var text in JsonTemplate.Strings(r.Json))
                            Check(at, text);
                    }
                    break;
                case SetActivity s:
                    foreach (var (_, value) in s.Variables)
                        Check(at, value);
                    break;
                case LogActivity l:
                    Check(at, l.Message);
                    break;
                case WebSocketConnectActivity c:
                    Check(at, c.Url);
                    foreach (var (_, value) in c.Headers)
                        Check(at, value);
                    break;
                case WebSocketSendActivity s:
                    Check(at, s.Message);
                    break;
                case LoopActivity { While: { } w }:
                    Check(at, w, isCondition: true);
                    break;
                case IfActivity i:
                    Check(at, i.Condition, isCondition: true);
                    break;
            }
        }
    }
}
