using System.Reflection;
using System.Reflection.Emit;

namespace HelpAgency.Tests.Architecture;

/// <summary>
/// Which of an assembly's namespaces use which, read from the compiled code: the types named by fields, signatures,
/// base types, interfaces, attributes and every token in the method bodies (so a fully qualified name, a lambda or an
/// async state machine counts as much as a using directive). Namespaces are grouped by their first segment under the root.
/// </summary>
public static class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>For each group of <paramref name="root"/>.*, the other groups its types refer to ("Cases" → "Outbox").</summary>
    public static Dictionary<string, HashSet<string>> Build(Assembly assembly, string root)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (Group(type, root) is not { } from)
            {
                continue;
            }

            var targets = edges.TryGetValue(from, out var set) ? set : edges[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in UsedTypes(type))
            {
                if (Group(used, root) is { } to && to != from)
                {
                    targets.Add(to);
                }
            }
        }

        return edges;
    }

    /// <summary>The groups that reach each other (the strongly connected components of more than one group).</summary>
    public static List<HashSet<string>> Components(Dictionary<string, HashSet<string>> edges) =>
        StronglyConnected(edges).Where(c => c.Count > 1).ToList();

    /// <summary>The cycles among the groups, each as its members and the links among them; empty when there are none.</summary>
    public static List<string> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var cycles = new List<string>();
        foreach (var component in Components(edges))
        {
            var members = component.Order(StringComparer.Ordinal).ToList();
            var links = members.SelectMany(m => edges[m].Where(component.Contains).Select(t => $"{m} → {t}")).Order(StringComparer.Ordinal);
            cycles.Add($"{string.Join(", ", members)}: {string.Join("; ", links)}");
        }

        return cycles;
    }

    private static string? Group(Type type, string root)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType!;
        }

        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return ns == root ? "(root)" : null;
        }

        return ns[(root.Length + 1)..].Split('.')[0];
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            found.Add(t);
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        foreach (var contract in type.GetInterfaces())
        {
            Add(contract);
        }

        foreach (var attribute in type.GetCustomAttributesData())
        {
            Add(attribute.AttributeType);
        }

        foreach (var field in type.GetFields(Declared))
        {
            Add(field.FieldType);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Add(property.PropertyType);
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
            {
                Add(local.LocalType);
            }

            foreach (var member in BodyTokens(method))
            {
                switch (member)
                {
                    case Type t:
                        Add(t);
                        break;
                    case MethodBase m:
                        Add(m.DeclaringType);
                        if (m is MethodInfo mi)
                        {
                            Add(mi.ReturnType);
                            foreach (var argument in mi.IsGenericMethod ? mi.GetGenericArguments() : [])
                            {
                                Add(argument);
                            }
                        }

                        foreach (var parameter in m.GetParameters())
                        {
                            Add(parameter.ParameterType);
                        }

                        break;
                    case FieldInfo f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                }
            }
        }

        return found;
    }

    /// <summary>The members and types a method's IL names, resolved in the context of its type and its own generic arguments.</summary>
    private static IEnumerable<MemberInfo> BodyTokens(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            var opCode = OpCodesByValue[value];
            i += opCode.Size;
            var operandSize = opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
            if (opCode.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    member = null;
                }

                if (member is not null)
                {
                    yield return member;
                }
            }

            i += operandSize;
        }
    }

    private static List<HashSet<string>> StronglyConnected(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<HashSet<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;
    }
}
