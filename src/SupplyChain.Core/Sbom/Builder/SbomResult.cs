using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Sbom.Builder;

/// <summary>
/// The outcome of <see cref="SbomBuilder.Build"/>. When an error was found the SBOM is not made at all
/// (<see cref="Bom"/> and <see cref="Bytes"/> are null): an SBOM is never written incomplete.
/// </summary>
/// <param name="Bom">The SBOM, or null when an error was reported.</param>
/// <param name="Bytes">The SBOM as written by <see cref="CycloneDxWriter"/>, or null.</param>
/// <param name="ComponentCount">The number of entries of <c>components</c> (packages and project references; not the subject).</param>
/// <param name="DependencyEdgeCount">The number of edges of the <c>dependencies</c> graph (the sum of the <c>dependsOn</c> lengths).</param>
/// <param name="Diagnostics">What was reported to the sink, in order.</param>
public sealed record SbomResult(
    CycloneDxBom? Bom,
    byte[]? Bytes,
    int ComponentCount,
    int DependencyEdgeCount,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the SBOM was made.</summary>
    [MemberNotNullWhen(true, nameof(Bom), nameof(Bytes))]
    public bool Succeeded => Bom is not null && Bytes is not null;

    /// <summary>The errors reported.</summary>
    public IReadOnlyList<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

    /// <summary>The warnings reported.</summary>
    public IReadOnlyList<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToArray();

    internal static SbomResult Failed(IReadOnlyList<Diagnostic> diagnostics) => new(null, null, 0, 0, diagnostics);
}
