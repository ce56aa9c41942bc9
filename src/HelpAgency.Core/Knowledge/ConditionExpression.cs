using System.Globalization;

namespace HelpAgency.Core.Knowledge;

/// <summary>
/// A rule's <c>when</c>: comparisons of variables with numbers joined by <c>and</c>, <c>or</c> and brackets, e.g.
/// "investment <= 30 and floor_area <= 300"; <c>otherwise</c> (or no <c>when</c>) always holds. Evaluated with
/// three values, so that a rule over a variable the user has not given is "unknown", not false.
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
    public bool? Evaluate(Func<string, double?> values) => _root.Evaluate(values);

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

        if (position + 2 >= tokens.Count + 0 && position + 2 > tokens.Count - 1 + 1)
        {
            throw new FormatException($"expected 'name op number' at '{tokens[position]}'");
        }

        var name = tokens[position];
        var op = tokens[position + 1];
        var number = tokens[position + 2];
        if (!IsName(name) || op is not ("<" or "<=" or ">" or ">=" or "==" or "!=") || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"expected 'name op number', got '{name} {op} {number}'");
        }

        position += 3;
        variables.Add(name);
        return new Comparison(name, op, value);
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
        public abstract bool? Evaluate(Func<string, double?> values);
    }

    private sealed record Constant(bool Value) : Node
    {
        public override bool? Evaluate(Func<string, double?> values) => Value;
    }

    private sealed record Comparison(string Name, string Op, double Value) : Node
    {
        public override bool? Evaluate(Func<string, double?> values) => values(Name) is not { } x ? null : Op switch
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
        public override bool? Evaluate(Func<string, double?> values)
        {
            var left = Left.Evaluate(values);
            var right = Right.Evaluate(values);
            return IsAnd
                ? left == false || right == false ? false : left == true && right == true ? true : null
                : left == true || right == true ? true : left == false && right == false ? false : null;
        }
    }
}
