using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Sdk.Infrastructure;

namespace SupplyChain.Sdk.Tasks;

/// <summary>
/// After pack: signs in-toto attestations (SLSA provenance, and the SBOM when its sidecar exists) of each package and
/// writes them next to it (<c>.intoto.jsonl</c>, <c>.provenance.sigstore.json</c>, <c>.sbom.sigstore.json</c>).
/// Key parameters are sources (a path or <c>env:NAME</c>), never key material.
/// </summary>
public sealed class AttestPackage : SupplyChainTask
{
    /// <summary>The .nupkg files NuGet wrote.</summary>
    [Required]
    public ITaskItem[] Packages { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The project file.</summary>
    [Required]
    public string ProjectPath { get; set; } = string.Empty;

    /// <summary>The package id.</summary>
    [Required]
    public string PackageId { get; set; } = string.Empty;

    /// <summary>The package version.</summary>
    [Required]
    public string PackageVersion { get; set; } = string.Empty;

    /// <summary>The SBOM sidecars written by this pack, each with the metadata <c>PackageFile</c> (the .nupkg it describes).</summary>
    public ITaskItem[] Sboms { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>SupplyChainSigningKey: a PEM file path or <c>env:NAME</c>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>True when SupplyChainSigningKey holds PEM text instead of a source (it is then not passed on).</summary>
    public bool SigningKeyIsPemText { get; set; }

    /// <summary>SupplyChainSigningKeyPassword: <c>env:NAME</c>.</summary>
    public string? SigningKeyPassword { get; set; }

    /// <summary>SupplyChainSigningCommand.</summary>
    public string? SigningCommand { get; set; }

    /// <summary>SupplyChainSigningPublicKey: a PEM file path or <c>env:NAME</c>.</summary>
    public string? SigningPublicKey { get; set; }

    /// <summary>SupplyChainSigningTimeout, in seconds.</summary>
    public string? SigningTimeout { get; set; }

    /// <summary>The project's packages lock file.</summary>
    public string? LockFilePath { get; set; }

    /// <summary>The project's assets file.</summary>
    public string? AssetsFilePath { get; set; }

    /// <summary>The root of the source repository (SourceLink's git source root).</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>The repository URL, as NuGet publishes it.</summary>
    public string? RepositoryUrl { get; set; }

    /// <summary>The source commit.</summary>
    public string? RepositoryCommit { get; set; }

    /// <summary>NuGet's RepositoryBranch (a branch name or a full ref).</summary>
    public string? RepositoryBranch { get; set; }

    /// <summary>The configuration.</summary>
    public string? Configuration { get; set; }

    /// <summary>The .NET SDK version.</summary>
    public string? DotNetSdkVersion { get; set; }

    /// <summary>The MSBuild version.</summary>
    public string? MSBuildVersion { get; set; }

    /// <summary>The SupplyChain.Sdk version.</summary>
    public string? SupplyChainSdkVersion { get; set; }

    /// <summary>The attestation files written, each with the metadata <c>Package</c>.</summary>
    [Output]
    public ITaskItem[] Attestations { get; set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    protected override void ExecuteCore(IDiagnosticSink sink)
    {
        // A setting that is wrong fails before anything is signed, and attestations of an earlier pack go too (Core).
        var settings = new PackageAttestationSettings
        {
            SigningTimeout = SigningTimeout,
            SigningKeyIsPemText = SigningKeyIsPemText,
            SigningKey = SigningKey,
            SigningKeyPassword = SigningKeyPassword,
            SigningCommand = SigningCommand,
            SigningPublicKey = SigningPublicKey,
        };
        var request = new PackageAttestationRequest
        {
            Packages = Packages.Select(p => p.GetMetadata("FullPath")).ToArray(),
            ProjectPath = ProjectPath,
            RepositoryRoot = Normalize(RepositoryRoot),
            Signer = settings.Signer(ProjectPath),
            LockFilePath = Normalize(LockFilePath),
            AssetsFilePath = Normalize(AssetsFilePath),
            Configuration = Normalize(Configuration),
            PackageId = PackageId,
            PackageVersion = PackageVersion,
            RepositoryUrl = Normalize(RepositoryUrl),
            RepositoryCommit = Normalize(RepositoryCommit),
            RepositoryBranch = Normalize(RepositoryBranch),
            DotNetSdkVersion = Normalize(DotNetSdkVersion),
            MSBuildVersion = Normalize(MSBuildVersion),
            SupplyChainSdkVersion = Normalize(SupplyChainSdkVersion),
            SbomPaths = PackageAttestationRun.SbomPathsByPackage(Sboms.Select(s => ((string?)s.GetMetadata("PackageFile"), s.GetMetadata("FullPath")))),
            StartedOn = PackageAttestationRun.EstimateBuildStart(),
        };
        var result = PackageAttestationRun.Run(request, settings, sink);
        Attestations = result.Packages
            .SelectMany(p => p.Files.Select(f => (ITaskItem)new TaskItem(f, new Dictionary<string, string> { ["Package"] = p.PackagePath })))
            .ToArray();
    }
}
