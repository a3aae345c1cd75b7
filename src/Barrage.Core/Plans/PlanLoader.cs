namespace Barrage.Plans;

/// <summary>Reads YAML plans and validates them, reporting every mistake at once with its position.</summary>
public static class PlanLoader
{
    /// <summary>Loads and validates the plan in <paramref name="path"/>.</summary>
    /// <exception cref="PlanException">The file is missing, is not valid YAML, or the plan has mistakes.</exception>
    public static Plan LoadFile(string path) => throw new NotImplementedException();

    /// <summary>Parses and validates a plan from YAML text; <paramref name="fileName"/> is used in error positions.</summary>
    /// <exception cref="PlanException">The text is not valid YAML, or the plan has mistakes.</exception>
    public static Plan Parse(string yaml, string fileName) => throw new NotImplementedException();
}
