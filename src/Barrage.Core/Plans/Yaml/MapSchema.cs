namespace Barrage.Plans.Yaml;

/// <summary>Reads one field's value into the record being built; returns the record, changed or not.</summary>
internal delegate T FieldReader<T>(T target, YamlValue value, NodeReader reader);

/// <summary>Checks fields against each other once all are read (ramp-up shorter than duration...); reports, never changes.</summary>
internal delegate void MapCheck<T>(T target, MappingNode map, string path, NodeReader reader);

/// <summary>
/// The fields one kind of YAML mapping may hold and how each is read into an immutable record
/// <typeparamref name="T"/>, by <c>with</c> expressions on a seed.
/// </summary>
/// <remarks>
/// Adding a field to a plan is one <see cref="Field"/> line. Unknown fields (with a suggestion), duplicates,
/// missing required fields and non-mappings are reported here, once, for every kind of mapping.
/// </remarks>
internal sealed class MapSchema<T>
{
    private readonly Dictionary<string, (FieldReader<T> Read, bool Required)> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly List<MapCheck<T>> _checks = [];

    /// <summary>The field names in the order they were declared.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Declares an optional field.</summary>
    public MapSchema<T> Field(string name, FieldReader<T> read) => Add(name, read, required: false);

    /// <summary>Declares a field that must be present.</summary>
    public MapSchema<T> Required(string name, FieldReader<T> read) => Add(name, read, required: true);

    /// <summary>Adds a check that runs after the fields are read.</summary>
    public MapSchema<T> Check(MapCheck<T> check)
    {
        _checks.Add(check);
        return this;
    }

    /// <summary>Reads <paramref name="value"/>, which must be a mapping, on top of <paramref name="seed"/>.</summary>
    public T Read(YamlValue value, T seed, NodeReader reader)
    {
        if (value.Node is MappingNode map)
            return Read(map, value.Path, seed, reader);
        reader.Expected(value, "a mapping");
        return seed;
    }

    /// <summary>Reads the fields of <paramref name="map"/> on top of <paramref name="seed"/>; <paramref name="path"/> prefixes messages.</summary>
    public T Read(MappingNode map, string path, T seed, NodeReader reader)
    {
        var result = seed;
        var seen = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Entries)
        {
            if (reader.Key(keyNode, path) is not { } key)
                continue;
            var fieldPath = YamlValue.Join(path, key);
            if (seen.TryGetValue(key, out var first))
            {
                reader.Duplicate(keyNode, fieldPath, first);
                continue;
            }
            seen.Add(key, keyNode);
            if (!_fields.TryGetValue(key, out var field))
            {
                reader.Error(keyNode, $"unknown field '{fieldPath}'{Suggestions.Hint(key, _names)}");
                continue;
            }
            result = field.Read(result, new YamlValue(valueNode, fieldPath), reader);
        }

        foreach (var name in _names)
        {
            if (_fields[name].Required && !seen.ContainsKey(name))
                reader.Error(map, $"missing required field '{YamlValue.Join(path, name)}'");
        }
        foreach (var check in _checks)
            check(result, map, path, reader);
        return result;
    }

    private MapSchema<T> Add(string name, FieldReader<T> read, bool required)
    {
        _fields.Add(name, (read, required));
        _names.Add(name);
        return this;
    }
}
