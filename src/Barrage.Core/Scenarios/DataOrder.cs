namespace Barrage.Scenarios;

/// <summary>How a data feeder hands out its rows.</summary>
public enum DataOrder
{
    /// <summary>In file order, starting over after the last row, shared by all users (<c>circular</c>, the default).</summary>
    Circular,

    /// <summary>A row picked at random each time (<c>random</c>).</summary>
    Random,

    /// <summary>Each row once across all users; when none is left the test ends (<c>unique</c>).</summary>
    Unique,
}
