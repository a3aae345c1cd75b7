namespace Barrage.Plans.Yaml;

/// <summary>Reads <c>auth: { basic: { user, password } }</c>, <c>{ digest: { user, password } }</c> or <c>{ bearer: TOKEN }</c>.</summary>
internal static class AuthField
{
    private static readonly MapSchema<AuthSpec> BasicFields = new MapSchema<AuthSpec>()
        .Required("user", (a, v, r) => r.Template(v) is { } u ? a with { User = u } : a)
        .Required("password", (a, v, r) => r.Template(v) is { } p ? a with { Password = p } : a);

    private static readonly MapSchema<AuthSpec?> Kinds = new MapSchema<AuthSpec?>()
        .Field("basic", (a, v, r) => BasicFields.Read(v, AuthSpec.Basic("", ""), r))
        .Field("digest", (a, v, r) => BasicFields.Read(v, AuthSpec.Digest("", ""), r))
        .Field("bearer", (a, v, r) => r.Template(v) is { } t ? AuthSpec.Bearer(t) : a)
        .Check((a, map, path, r) =>
        {
            if (map.Entries.Count != 1)
                r.Error(map, $"{path}: expected exactly one of: basic, digest, bearer");
        });

    public static AuthSpec? Read(YamlValue value, NodeReader reader) => Kinds.Read(value, null, reader);
}
