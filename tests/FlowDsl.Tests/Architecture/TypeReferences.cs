using System.Reflection;
using System.Reflection.Emit;

namespace FlowDsl.Tests.Architecture;

/// <summary>One use of a type by another type in the same assembly: "Fused.FusedSgd.Run → Random.CounterRng".</summary>
internal sealed record TypeReference(Type From, string Member, Type To)
{
    public override string ToString() => $"{Name(From)}{(Member.Length == 0 ? "" : "." + Member)} → {Name(To)}";

    private static string Name(Type type) => type.FullName ?? type.Name;
}

/// <summary>
/// The types a compiled type uses, read from its metadata and its method bodies: base type, interfaces, generic
/// constraints, attributes, fields, properties, signatures, locals, and every type, method or field token in the IL.
/// Only types of the same assembly are kept; generic instantiations, arrays and by-refs count as their parts.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(op => op.Value);

    public static IEnumerable<TypeReference> Of(Type type)
    {
        var found = new List<TypeReference>();
        void Add(string member, Type? to) => Collect(type, member, to, found);

        Add("", type.BaseType);
        foreach (var i in type.GetInterfaces()) Add("", i);
        if (type.IsGenericTypeDefinition)
            foreach (var p in type.GetGenericArguments())
                foreach (var c in p.GetGenericParameterConstraints()) Add("", c);
        AddAttributes(type.GetCustomAttributesData(), "", Add);

        foreach (var field in type.GetFields(Declared))
        {
            Add(field.Name, field.FieldType);
            AddAttributes(field.GetCustomAttributesData(), field.Name, Add);
        }
        foreach (var property in type.GetProperties(Declared))
        {
            Add(property.Name, property.PropertyType);
            AddAttributes(property.GetCustomAttributesData(), property.Name, Add);
        }
        foreach (var e in type.GetEvents(Declared)) Add(e.Name, e.EventHandlerType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            AddMethod(type, method, Add);
        return found;
    }

    private static void AddMethod(Type type, MethodBase method, Action<string, Type?> add)
    {
        var name = method.Name;
        if (method is MethodInfo info) add(name, info.ReturnType);
        foreach (var p in method.GetParameters())
        {
            add(name, p.ParameterType);
            AddAttributes(p.GetCustomAttributesData(), name, add);
        }
        if (method.IsGenericMethodDefinition)
            foreach (var p in method.GetGenericArguments())
                foreach (var c in p.GetGenericParameterConstraints()) add(name, c);
        AddAttributes(method.GetCustomAttributesData(), name, add);

        var body = method.GetMethodBody();
        if (body is null) return;
        foreach (var local in body.LocalVariables) add(name, local.LocalType);
        foreach (var handler in body.ExceptionHandlingClauses)
            if (handler.Flags == ExceptionHandlingClauseOptions.Clause) add(name, handler.CatchType);
        var il = body.GetILAsByteArray();
        if (il is null) return;
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var token in Tokens(il))
            foreach (var used in Resolve(type.Module, token, typeArguments, methodArguments))
                add(name, used);
    }

    private static void AddAttributes(IList<CustomAttributeData> attributes, string member, Action<string, Type?> add)
    {
        foreach (var attribute in attributes)
        {
            add(member, attribute.AttributeType);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
                if (argument.Value is Type t) add(member, t);
        }
    }

    /// <summary>The metadata tokens of the type, method, field and token operands in an IL stream.</summary>
    private static IEnumerable<int> Tokens(byte[] il)
    {
        for (var at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, at);
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString or OperandType.ShortInlineR:
                    at += 4;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
            }
        }
    }

    private static IEnumerable<Type?> Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        MemberInfo? member;
        try { member = module.ResolveMember(token, typeArguments, methodArguments); }
        catch (ArgumentException) { yield break; } // a token of another generic context: its parts are seen elsewhere
        switch (member)
        {
            case Type t:
                yield return t;
                break;
            case FieldInfo f:
                yield return f.DeclaringType;
                yield return f.FieldType;
                break;
            case MethodBase m:
                yield return m.DeclaringType;
                if (m is MethodInfo mi) yield return mi.ReturnType;
                foreach (var p in m.GetParameters()) yield return p.ParameterType;
                if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) yield return a;
                break;
        }
    }

    /// <summary>Adds <paramref name="to"/> and the types it is built from, if they belong to <paramref name="from"/>'s assembly.</summary>
    private static void Collect(Type from, string member, Type? to, List<TypeReference> found)
    {
        if (to is null || to.IsGenericParameter) return;
        if (to.HasElementType)
        {
            Collect(from, member, to.GetElementType(), found);
            return;
        }
        if (to.IsGenericType && !to.IsGenericTypeDefinition)
        {
            Collect(from, member, to.GetGenericTypeDefinition(), found);
            foreach (var argument in to.GetGenericArguments()) Collect(from, member, argument, found);
            return;
        }
        if (to.Assembly == from.Assembly && to != from) found.Add(new TypeReference(from, member, to));
    }
}
