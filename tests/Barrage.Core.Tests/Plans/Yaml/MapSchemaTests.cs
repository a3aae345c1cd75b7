namespace Barrage.Plans.Yaml;

public class MapSchemaTests
{
    private sealed record Box
    {
        public int Width { get; init; }

        public string Label { get; init; } = "default";
    }

    private static readonly MapSchema<Box> Schema = new MapSchema<Box>()
        .Required("width", (b, v, r) => r.Int(v, min: 1) is { } w ? b with { Width = w } : b)
        .Field("label", (b, v, r) => r.Text(v) is { } l ? b with { Label = l } : b)
        .Check((b, map, path, r) =>
        {
            if (b.Label == "wide" && b.Width < 10)
                r.Error(map.Find("label")!, $"{path}.label: 'wide' needs width 10 or more");
        });

    private static (Box Box, List<string> Errors) Read(string yaml)
    {
        var reader = new NodeReader();
        var root = YamlTree.Parse(yaml, "s.yaml", reader.Errors);
        Assert.Empty(reader.Errors);
        var box = Schema.Read(new YamlValue(((MappingNode)root!).Find("box")!, "box"), new Box(), reader);
        return (box, reader.Errors.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void Read_SetsGivenFields_KeepsSeedForOthers()
    {
        var (box, errors) = Read("box: { width: 3 }");

        Assert.Empty(errors);
        Assert.Equal(new Box { Width = 3, Label = "default" }, box);
    }

    [Fact]
    public void Read_ReportsEveryProblem()
    {
        var (_, errors) = Read("box:\n  lable: x\n  label: y\n  label: z\n");

        Assert.Equal(
            [
                "s.yaml:2:3: unknown field 'box.lable'; did you mean 'label'?",
                "s.yaml:4:3: duplicate field 'box.label' (first at line 3, column 3)",
                "s.yaml:2:3: missing required field 'box.width'",
            ],
            errors);
    }

    [Fact]
    public void Read_FirstOfDuplicates_Wins()
    {
        var (box, _) = Read("box: { width: 1, label: first, label: second }");

        Assert.Equal("first", box.Label);
    }

    [Fact]
    public void Read_RunsChecksAfterFields()
    {
        var (_, errors) = Read("box: { label: wide, width: 2 }");

        Assert.Equal(["s.yaml:1:15: box.label: 'wide' needs width 10 or more"], errors);
    }

    [Fact]
    public void Read_NotAMapping_IsReported_AndSeedReturned()
    {
        var (box, errors) = Read("box: [1, 2]");

        Assert.Equal(new Box(), box);
        Assert.Equal(["s.yaml:1:6: box: expected a mapping, got a list"], errors);
    }

    [Fact]
    public void Names_AreInDeclarationOrder() => Assert.Equal(["width", "label"], Schema.Names);
}
