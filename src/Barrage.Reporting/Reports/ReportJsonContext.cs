using System.Text.Json.Serialization;

namespace Barrage.Reporting.Reports;

/// <summary>Source-generated JSON for <see cref="RunReport"/>: snake_case keys, no reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
