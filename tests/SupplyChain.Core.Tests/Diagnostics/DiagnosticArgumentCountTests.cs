using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities;
using Diagnostic = SupplyChain.Core.Diagnostics.Diagnostic;
using DiagnosticDescriptor = SupplyChain.Core.Diagnostics.DiagnosticDescriptor;

namespace SupplyChain.Core.Tests.Diagnostics;

/// <summary>
/// A diagnostic given fewer arguments than its message has placeholders does not report: <c>string.Format</c> throws
/// inside <see cref="Diagnostic.Create"/>, and the build fails with the wrong code (an unexpected exception) or, where a
/// caller catches format errors, with the wrong reason. More arguments than placeholders lose what the caller meant
/// to say. Such calls sit on failure paths that tests rarely reach, so this reads the sources of the Core, the tasks
/// and the tool with Roslyn and checks every call that names a catalog entry.
/// <para>
/// A call counts when it passes a <see cref="DiagnosticCatalog"/> field to a method that has a
/// <see cref="DiagnosticDescriptor"/> parameter and a <c>params</c> array, in expanded form. A descriptor that
/// arrives through a parameter is followed one level up: the arguments the method passes with it are checked at each
/// call of the method that names a catalog field.
/// </para>
/// </summary>
public class DiagnosticArgumentCountTests
{
    private static readonly string[] s_sourceFolders = { "src/SupplyChain.Core", "src/SupplyChain.Sdk", "src/SupplyChain.Tool" };

    [Fact]
    public void EveryDiagnosticCall_PassesAsManyArgumentsAsItsMessageHasPlaceholders()
    {
        var root = RepositoryPaths.Root;
        var files = s_sourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(root, f), Text: File.ReadAllText(f)))
            .ToList();

        var result = DiagnosticCallScanner.Scan(files);

        Assert.True(result.Mismatches.Count == 0, "Calls whose argument count differs from the message's placeholders:\n" + string.Join("\n", result.Mismatches));
        Assert.True(result.Unchecked.Count == 0, "Calls whose arguments the scan cannot count:\n" + string.Join("\n", result.Unchecked));
        // The scan sees the calls, not only an empty list: the Core alone names catalog entries in some hundreds.
        Assert.True(result.CheckedCalls > 300, $"only {result.CheckedCalls} calls were checked");
    }

    [Fact]
    public void TheScan_FindsACallWithTooFewArguments_DirectOrThroughAHelper()
    {
        // The shape of the Sigstore digest refusal (one argument for three placeholders), and the same through a helper
        // that receives the descriptor as a parameter.
        var descriptor = typeof(DiagnosticCatalog).GetFields(BindingFlags.Public | BindingFlags.Static)
            .First(f => PlaceholderCount(((DiagnosticDescriptor)f.GetValue(null)!).MessageFormat) == 3);
        var source = $$"""
            using SupplyChain.Core.Diagnostics;
            static class Probe
            {
                static Diagnostic Direct() => Diagnostic.Create(DiagnosticCatalog.{{descriptor.Name}}, null, 0, "one");
                static Diagnostic Helper(DiagnosticDescriptor d, string a) => Diagnostic.Create(d, null, 0, a, "two");
                static Diagnostic ThroughHelper() => Helper(DiagnosticCatalog.{{descriptor.Name}}, "one");
                static Diagnostic Right() => Diagnostic.Create(DiagnosticCatalog.{{descriptor.Name}}, null, 0, "a", "b", "c");
                static Diagnostic TooMany() => Diagnostic.Create(DiagnosticCatalog.{{descriptor.Name}}, null, 0, "a", "b", "c", "d");
            }
            """;

        var result = DiagnosticCallScanner.Scan(new[] { (Path: "Probe.cs", Text: source) }, referenceCore: true);

        Assert.Equal(4, result.CheckedCalls);
        Assert.Equal(
            new[] { $"Probe.cs:4 {descriptor.Name}: 1 argument(s), the message has 3 placeholder(s)", $"Probe.cs:6 {descriptor.Name}: 2 argument(s), the message has 3 placeholder(s)", $"Probe.cs:8 {descriptor.Name}: 4 argument(s), the message has 3 placeholder(s)" },
            result.Mismatches);
    }

    [Theory]
    [InlineData("no placeholder", 0)]
    [InlineData("'{0}' and '{1}'", 2)]
    [InlineData("{2} before {0}", 3)]
    [InlineData("{{0}} is a brace, {0,-5} aligned, {1:x} formatted", 2)]
    public void PlaceholderCount_IsOneMoreThanTheHighestIndex(string format, int count)
        => Assert.Equal(count, PlaceholderCount(format));

    internal static int PlaceholderCount(string format)
        => Regex.Matches(format.Replace("{{", string.Empty, StringComparison.Ordinal), @"\{(\d+)[,:}]")
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1)
            .DefaultIfEmpty(0)
            .Max();

    /// <summary>What the scan checked and where the counts differ (<c>file:line entry: n argument(s), …</c>).</summary>
    internal sealed record ScanResult(int CheckedCalls, IReadOnlyList<string> Mismatches, IReadOnlyList<string> Unchecked);

    /// <summary>Binds the sources with Roslyn and compares each diagnostic call's arguments with its message.</summary>
    internal static class DiagnosticCallScanner
    {
        /// <summary>Wrappers that put arguments of their own before the caller's (the document or file path).</summary>
        private static readonly Dictionary<string, int> PrefixingWrappers = new(StringComparer.Ordinal)
        {
            ["Run.Fail"] = 1,
            ["CheckContext.Report"] = 1,
        };

        public static ScanResult Scan(IEnumerable<(string Path, string Text)> files, bool referenceCore = false)
        {
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Preview), f.Path)).ToList();
            var references = PlatformReferences();
            if (referenceCore)
            {
                references.Add(MetadataReference.CreateFromFile(typeof(Diagnostic).Assembly.Location));
            }

            // One compilation for all three projects: the tasks' and the tool's own dependencies (MSBuild,
            // System.CommandLine) may not bind, but a call's descriptor and argument count do not depend on them.
            var compilation = CSharpCompilation.Create("scan", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var formats = typeof(DiagnosticCatalog).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                .ToDictionary(f => f.Name, f => PlaceholderCount(((DiagnosticDescriptor)f.GetValue(null)!).MessageFormat), StringComparer.Ordinal);

            // Pass 1: every call with its descriptor argument (a catalog field or a parameter of the enclosing method)
            // and, when the formatting arguments are written out, how many there are.
            var calls = new List<Call>();
            foreach (var tree in trees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (Bind(model, invocation) is { } call)
                    {
                        calls.Add(call);
                    }
                }
            }

            // A wrapper that passes on its own params array unchanged adds nothing; one that builds another array must be
            // listed with the number of arguments it puts in front (and a listed one must still exist).
            var mismatches = new List<string>();
            var prefixes = new Dictionary<IParameterSymbol, int>((IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            var usedWrappers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var wrapper in calls.Where(c => c.FromParameter is not null && c.ArgumentCount is null && !c.ForwardsOwnArguments))
            {
                var name = wrapper.FromParameter!.ContainingSymbol.ContainingType.Name + "." + wrapper.FromParameter.ContainingSymbol.Name;
                if (PrefixingWrappers.TryGetValue(name, out var prefix))
                {
                    prefixes[wrapper.FromParameter] = prefix;
                    usedWrappers.Add(name);
                }
                else
                {
                    mismatches.Add($"{wrapper.Location} {name}: passes on an array it builds; list it in PrefixingWrappers with the number of arguments it adds");
                }
            }

            if (!referenceCore)
            {
                mismatches.AddRange(PrefixingWrappers.Keys.Except(usedWrappers).Select(w => $"{w}: listed in PrefixingWrappers but not found"));
            }

            // A method that receives a descriptor and passes it on with n written-out arguments needs n placeholders.
            var forwarded = calls
                .Where(c => c.FromParameter is not null && c.ArgumentCount is not null)
                .GroupBy(c => (ISymbol)c.FromParameter!, SymbolEqualityComparer.Default)
                .ToDictionary(g => (IParameterSymbol)g.Key!, g => g.Select(c => c.ArgumentCount!.Value).Distinct().ToList(), (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);

            var checkedCalls = 0;
            var notCounted = new List<string>();
            foreach (var call in calls.Where(c => c.CatalogField is not null && formats.ContainsKey(c.CatalogField)))
            {
                var counts = new List<int>();
                if (call.ArgumentCount is { } written)
                {
                    counts.Add(written + prefixes.GetValueOrDefault(call.DescriptorParameter));
                }

                if (forwarded.TryGetValue(call.DescriptorParameter, out var passedOn))
                {
                    counts.AddRange(passedOn);
                }

                if (counts.Count == 0)
                {
                    notCounted.Add($"{call.Location} {call.CatalogField}");
                    continue;
                }

                checkedCalls++;
                foreach (var count in counts.Where(n => n != formats[call.CatalogField!]))
                {
                    mismatches.Add($"{call.Location} {call.CatalogField}: {count} argument(s), the message has {formats[call.CatalogField!]} placeholder(s)");
                }
            }

            return new ScanResult(checkedCalls, mismatches, notCounted);
        }

        private static Call? Bind(SemanticModel model, InvocationExpressionSyntax invocation)
        {
            var info = model.GetSymbolInfo(invocation);
            var method = info.Symbol as IMethodSymbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] as IMethodSymbol : null);
            if (method is null)
            {
                return null;
            }

            // DiagnosticDescriptor.Format(params object[]): the descriptor is the receiver.
            ExpressionSyntax descriptorArgument;
            IParameterSymbol descriptorParameter;
            if (method.Name == nameof(DiagnosticDescriptor.Format) && method.ContainingType.Name == nameof(DiagnosticDescriptor)
                && invocation.Expression is MemberAccessExpressionSyntax access)
            {
                descriptorArgument = access.Expression;
                descriptorParameter = method.Parameters[0];
            }
            else
            {
                var descriptorIndex = method.Parameters.IndexOf(method.Parameters.FirstOrDefault(p => p.Type.Name == nameof(DiagnosticDescriptor))!);
                if (descriptorIndex < 0 || descriptorIndex >= invocation.ArgumentList.Arguments.Count
                    || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null))
                {
                    return null;
                }

                descriptorArgument = invocation.ArgumentList.Arguments[descriptorIndex].Expression;
                descriptorParameter = method.Parameters[descriptorIndex];
            }

            // The formatting arguments when written out; null when an array is passed on (a wrapper forwarding its own).
            int? count = null;
            var forwardsOwn = false;
            var lastArgument = invocation.ArgumentList.Arguments.Count == method.Parameters.Length && method.Parameters.Length > 0 ? invocation.ArgumentList.Arguments[^1].Expression : null;
            if (lastArgument is ArrayCreationExpressionSyntax { Initializer: { } explicitItems } && method.Parameters[^1].Type is IArrayTypeSymbol)
            {
                // new object?[] { a, b, c } written out in place of the params form.
                count = explicitItems.Expressions.Count;
            }
            else if (lastArgument is ImplicitArrayCreationExpressionSyntax { Initializer: { } implicitItems } && method.Parameters[^1].Type is IArrayTypeSymbol)
            {
                count = implicitItems.Expressions.Count;
            }
            else if (method.Parameters.Length > 0 && method.Parameters[^1].IsParams)
            {
                var fixedCount = method.Parameters.Length - 1;
                var given = invocation.ArgumentList.Arguments.Count - fixedCount;
                var expanded = given != 1 || model.GetTypeInfo(invocation.ArgumentList.Arguments[fixedCount].Expression).Type is not IArrayTypeSymbol;
                count = expanded ? given : null;
                forwardsOwn = !expanded && model.GetSymbolInfo(invocation.ArgumentList.Arguments[fixedCount].Expression).Symbol is IParameterSymbol { IsParams: true };
            }

            return Describe(model, invocation, descriptorArgument, count, descriptorParameter, forwardsOwn);
        }

        private static Call? Describe(SemanticModel model, InvocationExpressionSyntax invocation, ExpressionSyntax descriptorExpression, int? count, IParameterSymbol descriptorParameter, bool forwardsOwn)
        {
            var symbol = model.GetSymbolInfo(descriptorExpression).Symbol;
            var location = invocation.GetLocation().GetLineSpan();
            var where = $"{location.Path}:{location.StartLinePosition.Line + 1}";
            return symbol switch
            {
                IFieldSymbol field when field.ContainingType.Name == nameof(DiagnosticCatalog) => new Call(where, field.Name, null, count, descriptorParameter.OriginalDefinition, forwardsOwn),
                IParameterSymbol parameter when parameter.Type.Name == nameof(DiagnosticDescriptor) => new Call(where, null, parameter.OriginalDefinition, count, descriptorParameter.OriginalDefinition, forwardsOwn),
                _ => null,
            };
        }

        private static List<MetadataReference> PlatformReferences()
            => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => !Path.GetFileName(p).StartsWith("SupplyChain.", StringComparison.Ordinal))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToList();

        private sealed record Call(string Location, string? CatalogField, IParameterSymbol? FromParameter, int? ArgumentCount, IParameterSymbol DescriptorParameter, bool ForwardsOwnArguments);
    }
}
