using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;
using SupplyChain.Core.Policy;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>The build's policy gate (<c>SupplyChainPolicy</c>): a thin adapter over <see cref="PolicyCheck.Run"/>.</summary>
public sealed class CheckPolicy : SupplyChainTask
{
    /// <summary>The <c>supplychain-policy.json</c>.</summary>
    [Required]
    public string PolicyPath { get; set; } = string.Empty;

    /// <summary>The packages lock file.</summary>
    [Required]
    public string LockFilePath { get; set; } = string.Empty;

    /// <summary><c>$(NuGetPackageRoot)</c>.</summary>
    [Required]
    public string PackagesFolder { get; set; } = string.Empty;

    /// <summary><c>SupplyChainPolicyAttestationFeeds</c>: folder feeds holding attestation sidecars.</summary>
    public string[] AttestationFeeds { get; set; } = Array.Empty<string>();

    /// <summary><c>SupplyChainVulnerabilityData</c>, or empty.</summary>
    public string? VulnerabilityData { get; set; }

    /// <summary>True when the TufVerify target verified every locked package.</summary>
    public bool TufVerified { get; set; }

    /// <summary><c>SupplyChainPolicyTufTrustedRoot</c> (default <c>SupplyChainTufTrustedRoot</c>): the trusted root.json.</summary>
    public string? TufTrustedRoot { get; set; }

    /// <summary><c>SupplyChainPolicyTufRemote</c> (default <c>SupplyChainTufRemote</c>): the repository URL or folder.</summary>
    public string? TufRemote { get; set; }

    /// <summary><c>SupplyChainTufRemoteAuthMode</c>.</summary>
    public string? TufRemoteAuthMode { get; set; }

    /// <summary>Where the check keeps verified TUF metadata and fetched attestations.</summary>
    public string? TufStateDirectory { get; set; }

    /// <summary>A fixed "now" (ISO 8601) for tests; empty for the clock.</summary>
    public string? Now { get; set; }

    /// <summary>The verdicts file the SBOM reads.</summary>
    public string? VerdictsOutput { get; set; }

    /// <summary>Where to list the key files the policy read (inputs of the next build's incremental check).</summary>
    public string? KeyFilesOutput { get; set; }

    /// <summary>The stamp of a successful check.</summary>
    [Required]
    public string StampPath { get; set; } = string.Empty;


    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        var tufRoot = Normalize(TufTrustedRoot);
        var tufRemote = Normalize(TufRemote);
        if ((tufRoot is null) != (tufRemote is null))
        {
            sink.Report(Diagnostic.Create(
                DiagnosticCatalog.Policy_TufSettingsIncomplete,
                null,
                0,
                tufRoot is null ? "SupplyChainPolicyTufRemote" : "SupplyChainPolicyTufTrustedRoot",
                tufRoot is null ? "SupplyChainPolicyTufTrustedRoot" : "SupplyChainPolicyTufRemote"));
            return;
        }

        var tuf = tufRoot is null || tufRemote is null
            ? null
            : new PolicyTufSettings(tufRoot, tufRemote, Normalize(TufStateDirectory) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(StampPath))!, "policy-tuf"))
            {
                AuthMode = Core.Tuf.Client.TufRemote.ParseAuthMode(TufRemoteAuthMode, "SupplyChainTufRemoteAuthMode"),
            };
        var request = new PolicyCheckRequest
        {
            Tuf = tuf,
            PolicyPath = PolicyPath,
            LockFilePath = LockFilePath,
            PackagesFolder = PackagesFolder,
            AttestationFeeds = AttestationFeeds.Select(f => f.Trim()).Where(f => f.Length > 0).ToArray(),
            VulnerabilityDataPath = Normalize(VulnerabilityData),
            TufVerified = TufVerified,
            Now = Normalize(Now) is { } fixedNow
                ? DateTimeOffset.Parse(fixedNow, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
                : DateTimeOffset.UtcNow,
            VerdictsPath = Normalize(VerdictsOutput),
        };
        if (File.Exists(StampPath))
        {
            File.Delete(StampPath);
        }

        var result = PolicyCheck.Run(request, sink);
        if (Normalize(KeyFilesOutput) is { } keyList)
        {
            AtomicFile.WriteAllText(keyList, string.Concat(result.Policy.KeyFiles.Select(f => f + "\n")));
        }

        if (!Log.HasLoggedErrors)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(StampPath))!);
            if (tuf is null)
            {
                AtomicFile.WriteAllText(StampPath, "checked\n");
            }
            else
            {
                // Checked through a TUF repository: the stamp says until when its metadata is valid and which .nupkg
                // files were verified, so the next build checks again once either is no longer true.
                TufVerificationStamp.Write(StampPath, new PackageTargetResult(result.TufVerified, 0, result.TufValidUntil ?? DateTimeOffset.MaxValue));
            }
        }
    }
}
