using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Barrage.Plans.Yaml;

/// <summary>
/// Builds a <see cref="PlanNode"/> tree from YamlDotNet's parser events.
/// </summary>
/// <remarks>
/// YamlDotNet's <c>YamlStream</c> stops at the first duplicate key, and a plan reports every mistake at
/// once, so the tree is built here from the events, keeping duplicates for the schema to report.
/// </remarks>
internal sealed class YamlTree
{
    // Plans are a few levels deep; the limit keeps a hostile file from exhausting the stack.
    private const int MaxDepth = 64;

    private readonly IParser _parser;
    private readonly string _file;
    private readonly Dictionary<string, PlanNode> _anchors = new(StringComparer.Ordinal);

    private YamlTree(IParser parser, string file)
    {
        _parser = parser;
        _file = file;
    }

    /// <summary>
    /// Parses the single YAML document in <paramref name="yaml"/>; null when the text holds no document or is
    /// not valid YAML (the error is then in <paramref name="errors"/>). A second document is reported, and the
    /// first one still returned so that its mistakes are reported too.
    /// </summary>
    public static PlanNode? Parse(string yaml, string file, List<PlanError> errors)
    {
        var tree = new YamlTree(new GuardedParser(new Parser(new StringReader(yaml))), file);
        try
        {
            return tree.ReadStream(errors);
        }
        catch (YamlException e)
        {
            errors.Add(new PlanError(tree.Position(e.Start), $"invalid YAML: {e.Message}"));
            return null;
        }
    }

    private PlanNode? ReadStream(List<PlanError> errors)
    {
        _parser.Consume<StreamStart>();
        if (_parser.TryConsume<StreamEnd>(out _))
            return null;
        _parser.Consume<DocumentStart>();
        var root = ReadNode(0);
        _parser.Consume<DocumentEnd>();
        if (_parser.Accept<DocumentStart>(out var second))
            errors.Add(new PlanError(Position(second.Start), "a plan file holds one YAML document; found a second one here"));
        return root;
    }

    private PlanNode ReadNode(int depth)
    {
        if (depth > MaxDepth)
            throw new YamlException(_parser.Current!.Start, _parser.Current.End, $"the plan is nested more than {MaxDepth} levels deep");

        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            // Anchors are registered when their node is complete, so an alias inside its own anchor is unknown, never a cycle.
            return _anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}'");
        }

        PlanNode node;
        AnchorName anchor;
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            node = new ScalarNode(Position(scalar.Start), scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any);
            anchor = scalar.Anchor;
        }
        else if (_parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var items = new List<PlanNode>();
            while (!_parser.TryConsume<SequenceEnd>(out _))
                items.Add(ReadNode(depth + 1));
            node = new SequenceNode(Position(seqStart.Start), items);
            anchor = seqStart.Anchor;
        }
        else
        {
            var mapStart = _parser.Consume<MappingStart>();
            var entries = new List<MappingEntry>();
            while (!_parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(depth + 1);
                entries.Add(new MappingEntry(key, ReadNode(depth + 1)));
            }
            node = new MappingNode(Position(mapStart.Start), entries);
            anchor = mapStart.Anchor;
        }

        if (!anchor.IsEmpty)
            _anchors[anchor.Value] = node;
        return node;
    }

    private SourcePosition Position(Mark mark) => new(_file, (int)mark.Line, (int)mark.Column);
}
