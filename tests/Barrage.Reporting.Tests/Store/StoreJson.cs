using System.Text.Json.Serialization;

namespace Barrage.Reporting.Store;

/// <summary>The serializer's JSON for the store's code counts, which <see cref="EncodedSlice"/> writes and reads by hand: the reference its tests compare with.</summary>
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class StoreJson : JsonSerializerContext;
