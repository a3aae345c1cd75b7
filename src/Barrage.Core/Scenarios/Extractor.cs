namespace Barrage.Scenarios;

/// <summary>
/// A compiled extraction of one value from a response into a user's variable (<c>json</c>, <c>regex</c>, <c>header</c>,
/// <c>cookie</c>, <c>xpath</c>, <c>css</c>). Immutable and shared; extracting never throws. Its outcome counts as a
/// check named <c>extract NAME</c>: a miss is a failed check.
/// </summary>
public abstract class Extractor
{
    /// <param name="variable">The variable the value goes into.</param>
    /// <param name="onFailure">What the user does when nothing is found.</param>
    protected Extractor(string variable, CheckFailureAction onFailure)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        Variable = variable;
        Name = "extract " + variable;
        OnFailure = onFailure;
    }

    /// <summary>The variable the value goes into.</summary>
    public string Variable { get; }

    /// <summary>The check name its outcome is counted under: <c>extract VARIABLE</c>.</summary>
    public string Name { get; }

    /// <summary>What the user does when nothing is found.</summary>
    public CheckFailureAction OnFailure { get; }

    /// <summary>A value used when nothing is found, instead of failing; null to fail.</summary>
    public string? Default { get; init; }

    /// <summary>Finds the value and writes it to <paramref name="scope"/>; never throws.</summary>
    public CheckOutcome Extract(in CheckInput input, IVariableScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        string? problem;
        string? value;
        try
        {
            problem = input.Response is { } response ? Find(response, out value) : NoResponse(input, out value);
        }
        catch (Exception e)
        {
            (problem, value) = ($"the extraction could not run: {e.Message}", null);
        }

        if (problem is null && value is not null)
        {
            scope.Set(Variable, value);
            return CheckOutcome.Pass(Name);
        }
        if (Default is { } fallback)
        {
            scope.Set(Variable, fallback);
            return CheckOutcome.Pass(Name);
        }
        return CheckOutcome.Fail(Name, problem ?? "nothing found", OnFailure);
    }

    /// <summary>Null and the value when found, otherwise why not (<c>$.token matched nothing</c>).</summary>
    protected abstract string? Find(ResponseView response, out string? value);

    private static string NoResponse(in CheckInput input, out string? value)
    {
        value = null;
        return ResponseText.Missing(input);
    }
}
