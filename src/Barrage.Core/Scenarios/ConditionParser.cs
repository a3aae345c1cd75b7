namespace Barrage.Scenarios;

/// <summary>A recursive-descent parser of <see cref="Condition"/> text that reports each mistake at its offset.</summary>
internal sealed class ConditionParser(string text, List<MacroError> errors)
{
    private static readonly string[] Comparisons = ["==", "!=", "<=", ">=", "<", ">"];

    private int _pos;
    private bool _failed;

    public List<(string Name, int Offset)> Variables { get; } = [];

    public ConditionNode? ParseAll()
    {
        var node = ParseOr();
        SkipSpace();
        if (!_failed && _pos < text.Length)
            Fail($"unexpected '{text[_pos..]}'; expected and, or, or a comparison such as == or <");
        return _failed ? null : node;
    }

    private ConditionNode? ParseOr()
    {
        var left = ParseAnd();
        while (!_failed && (Word("or") || Symbol("||")))
            left = new ConditionNode(ConditionKind.Or, Left: left, Right: ParseAnd());
        return left;
    }

    private ConditionNode? ParseAnd()
    {
        var left = ParseNot();
        while (!_failed && (Word("and") || Symbol("&&")))
            left = new ConditionNode(ConditionKind.And, Left: left, Right: ParseNot());
        return left;
    }

    private ConditionNode? ParseNot()
    {
        if (Word("not") || (Peek("!") && !Peek("!=") && Symbol("!")))
            return new ConditionNode(ConditionKind.Not, Left: ParseNot());
        return ParseComparison();
    }

    private ConditionNode? ParseComparison()
    {
        var left = ParseOperand();
        if (_failed)
            return null;
        SkipSpace();
        foreach (var op in Comparisons)
        {
            if (Symbol(op))
                return new ConditionNode(ConditionKind.Compare, Operator: op, Left: left, Right: ParseOperand());
        }
        return left;
    }

    private ConditionNode? ParseOperand()
    {
        SkipSpace();
        if (_pos >= text.Length)
            return Fail("expected a variable, a number or a quoted text, got the end of the condition");
        var c = text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = ParseOr();
            SkipSpace();
            if (!_failed && !Symbol(")"))
                return Fail("a '(' is not closed with ')'");
            return inner;
        }
        if (c is '"' or '\'')
        {
            var close = text.IndexOf(c, _pos + 1);
            if (close < 0)
                return Fail($"a text starting with {c} is not closed");
            var literal = text[(_pos + 1)..close];
            _pos = close + 1;
            return new ConditionNode(ConditionKind.Literal, literal);
        }
        if (char.IsAsciiDigit(c) || (c is '-' or '+' && _pos + 1 < text.Length && char.IsAsciiDigit(text[_pos + 1])))
        {
            var start = _pos++;
            while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] == '.'))
                _pos++;
            return new ConditionNode(ConditionKind.Literal, text[start.._pos]);
        }
        var at = _pos;
        var braced = c == '$' && _pos + 1 < text.Length && text[_pos + 1] == '{';
        if (braced)
            _pos += 2;
        var nameStart = _pos;
        while (_pos < text.Length && MacroSyntax.IsNameChar(text[_pos], _pos == nameStart))
            _pos++;
        var name = text[nameStart.._pos];
        if (name.Length == 0)
        {
            _pos = at;
            return Fail($"expected a variable, a number or a quoted text, got '{text[at..]}'");
        }
        if (braced && !Symbol("}"))
            return Fail("a '${' is not closed with '}'");
        if (!braced && name is "true" or "false")
            return new ConditionNode(ConditionKind.Literal, name);
        Variables.Add((name, at));
        return new ConditionNode(ConditionKind.Variable, name);
    }

    private bool Word(string word)
    {
        SkipSpace();
        if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0)
            return false;
        var end = _pos + word.Length;
        if (end < text.Length && MacroSyntax.IsNameChar(text[end], false))
            return false;
        _pos = end;
        return true;
    }

    private bool Peek(string symbol)
    {
        SkipSpace();
        return string.CompareOrdinal(text, _pos, symbol, 0, symbol.Length) == 0;
    }

    private bool Symbol(string symbol)
    {
        if (!Peek(symbol))
            return false;
        _pos += symbol.Length;
        return true;
    }

    private void SkipSpace()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            _pos++;
    }

    private ConditionNode? Fail(string message)
    {
        if (!_failed)
            errors.Add(new MacroError(Math.Min(_pos, Math.Max(text.Length - 1, 0)), message));
        _failed = true;
        return null;
    }
}
