namespace Barrage.Plans.Yaml;

public class YamlTreeTests
{
    private static (PlanNode? Root, List<PlanError> Errors) Parse(string yaml)
    {
        var errors = new List<PlanError>();
        return (YamlTree.Parse(yaml, "t.yaml", errors), errors);
    }

    [Fact]
    public void Parse_KeepsDuplicateKeysInOrder_WithPositions()
    {
        var (root, errors) = Parse("a: 1\nb:\n  - x\na: '2'\n");

        Assert.Empty(errors);
        var map = Assert.IsType<MappingNode>(root);
        Assert.Equal(new SourcePosition("t.yaml", 1, 1), map.Start);
        Assert.Equal(["a", "b", "a"], map.Entries.Select(e => ((ScalarNode)e.Key).Value));
        var second = Assert.IsType<ScalarNode>(map.Entries[2].Value);
        Assert.Equal(("2", false, new SourcePosition("t.yaml", 4, 4)), (second.Value, second.IsPlain, second.Start));
        var list = Assert.IsType<SequenceNode>(map.Find("b"));
        Assert.Equal(new SourcePosition("t.yaml", 3, 3), list.Start);
        Assert.Equal("1", ((ScalarNode)map.Find("a")!).Value);
    }

    [Theory]
    [InlineData("a:", true)]
    [InlineData("a: ~", true)]
    [InlineData("a: null", true)]
    [InlineData("a: NULL", true)]
    [InlineData("a: 'null'", false)]
    [InlineData("a: \"\"", false)]
    [InlineData("a: nil", false)]
    public void Parse_NullIsOnlyPlain(string yaml, bool isNull)
    {
        var (root, _) = Parse(yaml);

        Assert.Equal(isNull, Assert.IsType<ScalarNode>(((MappingNode)root!).Find("a")).IsNull);
    }

    [Fact]
    public void Parse_AliasSharesTheAnchoredNode()
    {
        var (root, errors) = Parse("a: &x { k: v }\nb: *x\n");

        Assert.Empty(errors);
        var map = (MappingNode)root!;
        Assert.Same(map.Find("a"), map.Find("b"));
    }

    [Fact]
    public void Parse_AliasInsideItsOwnAnchor_IsUnknown_NotACycle()
    {
        var (root, errors) = Parse("a: &x [ *x ]\n");

        Assert.Null(root);
        Assert.Equal("t.yaml:1:9: invalid YAML: unknown alias '*x'", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Parse_SecondDocument_IsReported_AndTheFirstReturned()
    {
        var (root, errors) = Parse("a: 1\n---\nb: 2\n");

        Assert.IsType<MappingNode>(root);
        Assert.Equal("t.yaml:2:1: a plan file holds one YAML document; found a second one here", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Parse_NoDocument_IsNull_WithoutErrors()
    {
        var (root, errors) = Parse("# just a comment\n");

        Assert.Null(root);
        Assert.Empty(errors);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_IsFine()
    {
        var (root, errors) = Parse(new string('[', 64) + new string(']', 64));

        Assert.Empty(errors);
        Assert.IsType<SequenceNode>(root);
    }
}
