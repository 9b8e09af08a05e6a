using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace SupplyChain.Core.Diagnostics;

/// <summary>
/// Every diagnostic of SupplyChain.Sdk, declared once. One partial file per area
/// (<c>DiagnosticCatalog.LockFiles.cs</c>, ...). Each code has a page <c>docs/diagnostics/SCSDKnnnn.md</c>.
/// </summary>
public static partial class DiagnosticCatalog
{
    private static IReadOnlyList<DiagnosticDescriptor>? s_all;

    /// <summary>Every declared diagnostic, ordered by code.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All => s_all ??= typeof(DiagnosticCatalog)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Code, System.StringComparer.Ordinal)
        .ToArray();

    /// <summary>Finds a diagnostic by code, or null.</summary>
    public static DiagnosticDescriptor? Find(string code) => All.FirstOrDefault(d => d.Code == code);

    private static DiagnosticDescriptor Error(string code, string identifier, string format) => new(code, identifier, DiagnosticSeverity.Error, format);

    private static DiagnosticDescriptor Warning(string code, string identifier, string format) => new(code, identifier, DiagnosticSeverity.Warning, format);

    private static DiagnosticDescriptor Info(string code, string identifier, string format) => new(code, identifier, DiagnosticSeverity.Info, format);
}
