using System.Globalization;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// A rule's <c>when</c>: comparisons of variables with numbers or quoted words joined by <c>and</c>, <c>or</c> and
/// brackets, e.g. "investment <= 30 and floor_area <= 300" or "use == \"商场\""; <c>otherwise</c> (or no <c>when</c>)
/// always holds. Evaluated with three values, so that a rule over a variable the user has not given is "unknown", not false.
/// </summary>
public sealed class ConditionExpression
{
    private readonly Node _root;

    private ConditionExpression(Node root, IReadOnlySet<string> variables)
    {
        _root = root;
        Variables = variables;
    }

    /// <summary>The condition that always holds.</summary>
    public static ConditionExpression Always { get; } = new(new Constant(true), new HashSet<string>());

    /// <summary>The variable names the expression reads.</summary>
    public IReadOnlySet<string> Variables { get; }

    /// <summary>Parses <paramref name="text"/>; a <see cref="FormatException"/> says what is wrong.</summary>
    public static ConditionExpression Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() is "otherwise" or "always")
        {
            return Always;
        }

        var tokens = Tokenize(text);
        var position = 0;
        var variables = new HashSet<string>(StringComparer.Ordinal);
        var root = Or(tokens, ref position, variables);
        if (position != tokens.Count)
        {
            throw new FormatException($"unexpected '{tokens[position]}' in '{text}'");
        }

        return new ConditionExpression(root, variables);
    }

    /// <summary>True, false, or null when a variable it needs is unknown (<paramref name="values"/> gives null).</summary>
    public bool? Evaluate(Func<string, object?> values) => _root.Evaluate(values);

    /// <summary>The quoted words the expression compares <paramref name="variable"/> with.</summary>
    public IEnumerable<string> WordsOf(string variable) => _root.Words(variable);

    private static Node Or(List<string> tokens, ref int position, HashSet<string> variables)
    {
        var left = And(tokens, ref position, variables);
        while (position < tokens.Count && tokens[position] is "or" or "||")
        {
            position++;
            left = new Binary(left, And(tokens, ref position, variables), IsAnd: false);
        }

        return left;
    }

    private static Node And(List<string> tokens, ref int position, HashSet<string> variables)
    {
        var left = Factor(tokens, ref position, variables);
        while (position < tokens.Count && tokens[position] is "and" or "&&")
        {
            position++;
            left = new Binary(left, Factor(tokens, ref position, variables), IsAnd: true);
        }

        return left;
    }

    private static Node Factor(List<string> tokens, ref int position, HashSet<string> variables)
    {
        if (position >= tokens.Count)
        {
            throw new FormatException("the condition ends too early");
        }

        if (tokens[position] == "(")
        {
            position++;
            var inner = Or(tokens, ref position, variables);
            if (position >= tokens.Count || tokens[position] != ")")
            {
                throw new FormatException("a '(' is not closed");
            }

            position++;
            return inner;
        }

        if (position + 2 >= tokens.Count)
        {
            throw new FormatException($"expected 'name op value' at '{tokens[position]}'");
        }

        var name = tokens[position];
        var op = tokens[position + 1];
        var operand = tokens[position + 2];
        if (!IsName(name) || op is not ("<" or "<=" or ">" or ">=" or "==" or "!="))
        {
            throw new FormatException($"expected 'name op value', got '{name} {op} {operand}'");
        }

        position += 3;
        variables.Add(name);
        if (operand.Length >= 2 && operand[0] == '"' && operand[^1] == '"')
        {
            return op is "==" or "!=" ? new WordComparison(name, op == "==", operand[1..^1]) : throw new FormatException($"a word can only be compared with == or !=, not '{op}'");
        }

        return double.TryParse(operand, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? new Comparison(name, op, value)
            : throw new FormatException($"expected a number or a quoted word after '{name} {op}', got '{operand}'");
    }

    private static bool IsName(string token) => token.Length > 0 && (char.IsAsciiLetter(token[0]) || token[0] == '_') && token.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    throw new FormatException("a quoted word is not closed");
                }

                tokens.Add(text[i..(close + 1)]);
                i = close + 1;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '<' or '>' or '=' or '!' or '&' or '|')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is '=' or '&' or '|')
                {
                    end++;
                }

                tokens.Add(text[i..end]);
                i = end;
            }
            else
            {
                var end = i;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '.' or '-'))
                {
                    end++;
                }

                if (end == i)
                {
                    throw new FormatException($"unexpected character '{c}'");
                }

                tokens.Add(text[i..end]);
                i = end;
            }
        }

        return tokens;
    }

    private abstract record Node
    {
        public abstract bool? Evaluate(Func<string, object?> values);

        public virtual IEnumerable<string> Words(string variable) => [];
    }

    private sealed record Constant(bool Value) : Node
    {
        public override bool? Evaluate(Func<string, object?> values) => Value;
    }

    private sealed record WordComparison(string Name, bool Equal, string Word) : Node
    {
        public override bool? Evaluate(Func<string, object?> values) => values(Name) is string x ? string.Equals(x, Word, StringComparison.Ordinal) == Equal : null;

        public override IEnumerable<string> Words(string variable) => variable == Name ? [Word] : [];
    }

    private sealed record Comparison(string Name, string Op, double Value) : Node
    {
        public override bool? Evaluate(Func<string, object?> values) => values(Name) is not double x ? null : Op switch
        {
            "<" => x < Value,
            "<=" => x <= Value,
            ">" => x > Value,
            ">=" => x >= Value,
            "==" => Math.Abs(x - Value) < 1e-9,
            _ => Math.Abs(x - Value) >= 1e-9,
        };
    }

    private sealed record Binary(Node Left, Node Right, bool IsAnd) : Node
    {
        public override IEnumerable<string> Words(string variable) => Left.Words(variable).Concat(Right.Words(variable));

        public override bool? Evaluate(Func<string, object?> values)
        {
            var left = Left.Evaluate(values);
            var right = Right.Evaluate(values);
            return IsAnd
                ? left == false || right == false ? false : left == true && right == true ? true : null
                : left == true || right == true ? true : left == false && right == false ? false : null;
        }
    }
}
