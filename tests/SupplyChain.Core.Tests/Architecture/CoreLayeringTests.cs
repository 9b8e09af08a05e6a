using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tests.Architecture;

/// <summary>
/// Keeps the core one-directional. The rule, as checked here on the compiled assembly (base types, interfaces,
/// fields, properties, method signatures, custom attributes and every type, method and field token in method bodies,
/// so a using directive cannot hide or fake an edge):
/// <list type="bullet">
/// <item>Every namespace of SupplyChain.Core is assigned to a layer (an unassigned namespace fails).</item>
/// <item>Layer 0: Diagnostics, Json, IO, Frameworks. Layer 1: Crypto, Packages, Assets, LockFiles, Projects, Configuration, Storage, Reporting.
/// Layer 2: Pinning, Sbom, Attestations, Tuf, Vulnerabilities, Adoption (and their sub-namespaces, e.g. Tuf.Client, Tuf.Repository, Sbom.Builder).
/// Layer 3: Policy (consumption policy over licences, provenance, TUF targets and vulnerabilities; it uses layer 2).</item>
/// <item>A namespace may use its own namespace, any namespace of a LOWER layer, and its ancestors (Tuf.Client → Tuf,
/// Sbom.Builder → Sbom). Any other edge, including one between two different folders of the same layer and one from a
/// parent to its sub-namespace, is a violation.</item>
/// </list>
/// </summary>
public class CoreLayeringTests
{
    private const string Root = "SupplyChain.Core";

    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["Diagnostics"] = 0,
        ["Json"] = 0,
        ["IO"] = 0,
        ["Frameworks"] = 0,
        ["Crypto"] = 1,
        ["Packages"] = 1,
        ["Assets"] = 1,
        ["LockFiles"] = 1,
        ["Projects"] = 1,
        ["Configuration"] = 1,
        ["Storage"] = 1,
        ["Reporting"] = 1,
        ["Pinning"] = 2,
        ["Sbom"] = 2,
        ["Attestations"] = 2,
        ["Tuf"] = 2,
        ["Vulnerabilities"] = 2,
        ["Adoption"] = 2,
        ["Policy"] = 3,
    };

    private static readonly Dictionary<short, OpCode> OneByte = new();
    private static readonly Dictionary<short, OpCode> TwoByte = new();

    static CoreLayeringTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            if (op.Size == 1)
            {
                OneByte[op.Value] = op;
            }
            else
            {
                TwoByte[(short)(op.Value & 0xFF)] = op;
            }
        }
    }

    [Fact]
    public void Core_Namespaces_UseOnlyLowerLayersOrTheirAncestors()
    {
        var edges = CollectEdges();
        var violations = edges
            .Where(e => !IsAllowed(e.From.Namespace!, e.To.Namespace!))
            .GroupBy(e => $"{e.From.Namespace} -> {e.To.Namespace}", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key + ": " + string.Join("; ", g
                .Select(e => $"{Outermost(e.From).Name} uses {Outermost(e.To).Name}")
                .Distinct(StringComparer.Ordinal)
                .OrderBy(s => s, StringComparer.Ordinal)))
            .ToList();

        Assert.True(violations.Count == 0, "Edges against the core layering:" + Environment.NewLine + string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Core_Namespaces_AreAllAssignedToALayer()
    {
        var unassigned = CoreTypes().Select(t => t.Namespace!).Distinct().Where(ns => LayerOf(ns) is null).ToList();
        Assert.True(unassigned.Count == 0, "Namespaces without a layer: " + string.Join(", ", unassigned));
    }

    [Fact]
    public void Checker_FindsAnEdgeFromAMethodBody()
    {
        // Guards the checker itself: a type that only touches Diagnostics inside a method body must be seen to use it.
        var edges = CollectEdges();
        Assert.Contains(edges, e => e.From.Namespace != $"{Root}.Diagnostics" && e.To == typeof(SupplyChainException));
        Assert.False(IsAllowed($"{Root}.Json", $"{Root}.Tuf"));
        Assert.False(IsAllowed($"{Root}.Sbom", $"{Root}.Attestations"));
        Assert.False(IsAllowed($"{Root}.Tuf", $"{Root}.Tuf.Client"));
        Assert.True(IsAllowed($"{Root}.Tuf.Client", $"{Root}.Tuf"));
        Assert.True(IsAllowed($"{Root}.Tuf", $"{Root}.Crypto"));
    }

    private static bool IsAllowed(string from, string to)
    {
        if (from == to || from.StartsWith(to + ".", StringComparison.Ordinal))
        {
            return true;
        }

        var fromLayer = LayerOf(from);
        var toLayer = LayerOf(to);
        return fromLayer is not null && toLayer is not null && toLayer < fromLayer;
    }

    private static int? LayerOf(string ns)
    {
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var top = ns[(Root.Length + 1)..].Split('.')[0];
        return Layers.TryGetValue(top, out var layer) ? layer : null;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static bool IsCore(Type type) => type.Namespace is not null && type.Namespace.StartsWith(Root + ".", StringComparison.Ordinal);

    private static IEnumerable<Type> CoreTypes() => typeof(SupplyChainException).Assembly.GetTypes().Where(IsCore);

    private static List<(Type From, Type To)> CollectEdges()
    {
        var assembly = typeof(SupplyChainException).Assembly;
        var edges = new List<(Type, Type)>();
        foreach (var type in CoreTypes())
        {
            var used = new HashSet<Type>();
            Add(used, type.BaseType);
            foreach (var i in type.GetInterfaces())
            {
                Add(used, i);
            }

            AddAttributes(used, type.CustomAttributes);
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var field in type.GetFields(all))
            {
                Add(used, field.FieldType);
                AddAttributes(used, field.CustomAttributes);
            }

            foreach (var property in type.GetProperties(all))
            {
                Add(used, property.PropertyType);
            }

            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (method is MethodInfo info)
                {
                    Add(used, info.ReturnType);
                }

                foreach (var p in method.GetParameters())
                {
                    Add(used, p.ParameterType);
                }

                AddAttributes(used, method.CustomAttributes);
                AddBody(used, method);
            }

            foreach (var target in used.Where(t => t.Assembly == assembly && IsCore(t) && t.Namespace != type.Namespace))
            {
                edges.Add((type, target));
            }
        }

        return edges;
    }

    private static void AddAttributes(HashSet<Type> used, IEnumerable<CustomAttributeData> attributes)
    {
        foreach (var a in attributes)
        {
            Add(used, a.AttributeType);
        }
    }

    private static void Add(HashSet<Type> used, Type? type)
    {
        while (type is not null && (type.HasElementType || type.IsGenericParameter))
        {
            if (type.IsGenericParameter)
            {
                return;
            }

            type = type.GetElementType();
        }

        if (type is null || !used.Add(type))
        {
            return;
        }

        if (type.IsGenericType)
        {
            foreach (var arg in type.GetGenericArguments())
            {
                Add(used, arg);
            }

            if (!type.IsGenericTypeDefinition)
            {
                Add(used, type.GetGenericTypeDefinition());
            }
        }

        // A nested type's edges are its declaring type's edges (closures, state machines, records' helpers).
        if (type.DeclaringType is not null)
        {
            Add(used, type.DeclaringType);
        }
    }

    private static void AddBody(HashSet<Type> used, MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            return;
        }

        if (il is null)
        {
            return;
        }

        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var pos = 0;
        while (pos < il.Length)
        {
            OpCode op;
            if (il[pos] == 0xFE)
            {
                op = TwoByte[il[pos + 1]];
                pos += 2;
            }
            else
            {
                op = OneByte[il[pos]];
                pos += 1;
            }

            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    pos += 1;
                    break;
                case OperandType.InlineVar:
                    pos += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    pos += 8;
                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, pos);
                    pos += 4 + (4 * count);
                    break;
                case OperandType.InlineType:
                case OperandType.InlineTok:
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                    var token = BitConverter.ToInt32(il, pos);
                    pos += 4;
                    AddMember(used, module.ResolveMember(token, typeArgs, methodArgs));
                    break;
                default:
                    pos += 4;
                    break;
            }
        }
    }

    private static void AddMember(HashSet<Type> used, MemberInfo? member)
    {
        switch (member)
        {
            case Type t:
                Add(used, t);
                break;
            case FieldInfo f:
                Add(used, f.DeclaringType);
                Add(used, f.FieldType);
                break;
            case MethodBase m:
                Add(used, m.DeclaringType);
                if (m is MethodInfo mi)
                {
                    Add(used, mi.ReturnType);
                    if (mi.IsGenericMethod)
                    {
                        foreach (var arg in mi.GetGenericArguments())
                        {
                            Add(used, arg);
                        }
                    }
                }

                break;
        }
    }
}
