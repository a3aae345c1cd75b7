using System.Text.Json.Serialization;

namespace Barrage.Reporting.Store;

/// <summary>Source-generated JSON for the store's code counts (no reflection).</summary>
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class StoreJson : JsonSerializerContext;
