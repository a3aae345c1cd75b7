namespace Barrage.Scenarios;

/// <summary>The kind of file a data feeder reads.</summary>
public enum DataFormat
{
    /// <summary>CSV with a header row naming the columns.</summary>
    Csv,

    /// <summary>A JSON list of objects; the first object's keys name the columns.</summary>
    Json,
}
