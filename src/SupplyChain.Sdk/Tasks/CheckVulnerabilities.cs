using System;
using System.Globalization;
using System.IO;
using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;
using SupplyChain.Core.Vulnerabilities;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// The build's vulnerability gate: a thin adapter over <see cref="VulnerabilityCheck.Run"/>. On success it writes the
/// stamp with the time the result goes stale by time alone (the next VEX expiry, or the data's max age), which
/// <c>_SupplyChainCheckVulnerabilityStamp</c> compares with the clock on every build.
/// </summary>
public sealed class CheckVulnerabilities : SupplyChainTask
{
    /// <summary>The packages lock file.</summary>
    [Required]
    public string LockFilePath { get; set; } = string.Empty;

    /// <summary><c>SupplyChainVulnerabilityData</c>.</summary>
    [Required]
    public string DataPath { get; set; } = string.Empty;

    /// <summary><c>SupplyChainVex</c>, or empty.</summary>
    public string? VexPath { get; set; }

    /// <summary><c>SupplyChainVulnerabilities</c>: Error, Warning or Off.</summary>
    public string? Mode { get; set; }

    /// <summary><c>SupplyChainVulnerabilitySeverity</c>.</summary>
    public string? Severity { get; set; }

    /// <summary><c>SupplyChainVulnerabilityDataMaxAge</c>, in days.</summary>
    public string? MaxAge { get; set; }

    /// <summary>A fixed "now" (ISO 8601) for tests; empty for the clock.</summary>
    public string? Now { get; set; }

    /// <summary>Where to write the CycloneDX vulnerabilities array the SBOMs carry.</summary>
    public string? CycloneDxOutput { get; set; }

    /// <summary>Where to write the CycloneDX VEX document of the package (copied beside the .nupkg on pack), or empty.</summary>
    public string? VexDocumentOutput { get; set; }

    /// <summary><c>PackageId</c>, the subject of the VEX document.</summary>
    public string? PackageId { get; set; }

    /// <summary><c>PackageVersion</c>.</summary>
    public string? PackageVersion { get; set; }

    /// <summary><c>SOURCE_DATE_EPOCH</c>, the VEX document's timestamp.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>The stamp of a successful check.</summary>
    [Required]
    public string StampPath { get; set; } = string.Empty;

    /// <summary>The SDK version, written as the tool's in SARIF.</summary>
    public string? ToolVersion { get; set; }

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        var now = Normalize(Now) is { } fixedNow
            ? DateTimeOffset.Parse(fixedNow, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : DateTimeOffset.UtcNow;
        var request = new VulnerabilityCheckRequest
        {
            LockFilePath = LockFilePath,
            DataPath = DataPath,
            VexPath = Normalize(VexPath),
            Mode = VulnerabilityCheck.ParseMode(Mode),
            Threshold = VulnerabilityCheck.ParseThreshold(Severity),
            MaxDataAge = VulnerabilityCheck.ParseMaxAge(MaxAge),
            Now = now,
            CycloneDxVulnerabilitiesPath = Normalize(CycloneDxOutput),
            ToolVersion = Normalize(ToolVersion) ?? "0.0.0",
            VexDocumentPath = Normalize(VexDocumentOutput),
            VexSubjectName = Normalize(PackageId),
            VexSubjectVersion = Normalize(PackageVersion),
            Timestamp = Core.Sbom.Builder.SourceDateEpoch.Parse(Normalize(SourceDateEpoch)),
        };
        if (File.Exists(StampPath))
        {
            File.Delete(StampPath);
        }

        var result = VulnerabilityCheck.Run(request, sink);
        if (!Log.HasLoggedErrors)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(StampPath))!);
            var ticks = result.RecheckAfter?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
            AtomicFile.WriteAllText(StampPath, ticks + "\n");
        }
    }
}
