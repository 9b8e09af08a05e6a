using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Pinning;

/// <summary>The outcome of <see cref="PinningVerifier.Verify"/>.</summary>
/// <param name="Packages">The packages whose .nupkg matched the pinned content hash.</param>
/// <param name="Files">The extracted files that matched their package entries.</param>
/// <param name="Diagnostics">Every finding reported, with the severity the mode gave it.</param>
public sealed record PinningResult(IReadOnlyList<VerifiedPackage> Packages, IReadOnlyList<VerifiedFile> Files, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>A result with nothing checked and nothing found.</summary>
    public static PinningResult Empty { get; } = new(Array.Empty<VerifiedPackage>(), Array.Empty<VerifiedFile>(), Array.Empty<Diagnostic>());

    /// <summary>The NuGet configuration files restore read (<c>project.restore.configFilePaths</c>), nearest first.</summary>
    public IReadOnlyList<string> RestoreConfigFiles { get; init; } = Array.Empty<string>();

    /// <summary>True when no finding was reported as an error.</summary>
    public bool IsValid => !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
