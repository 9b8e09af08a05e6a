using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// Attests the packages of one <c>dotnet pack</c>: makes the signer, lists the resolved NuGet packages once, builds
/// each package's SLSA provenance and writes its attestations (<see cref="AttestationWriter"/>). On any failure no
/// attestation of any of the packages is left behind, not even one from an earlier pack (it would describe other bytes).
/// </summary>
public static class PackageAttestor
{
    /// <summary>Attests the packages.</summary>
    /// <param name="request">The packages, the project and how to sign.</param>
    /// <param name="sink">Receives warnings and low-importance messages.</param>
    /// <param name="clock">The clock of the provenance times; the system clock when null.</param>
    /// <exception cref="SupplyChainException">The diagnostic of the first failure.</exception>
    public static PackageAttestationResult Attest(PackageAttestationRequest request, IDiagnosticSink sink, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        clock ??= TimeProvider.System;
        var results = new List<AttestationWriteResult>();
        var completed = false;
        ISigner? signer = null;
        try
        {
            signer = request.Signer.CreateSigner(request.ProjectPath, sink);
            var packages = SlsaProvenanceBuilder.ResolveNuGetPackages(request.LockFilePath, request.AssetsFilePath, sink);
            var environment = request.Environment ?? Environment.GetEnvironmentVariable;
            var builder = BuilderIdentity.Detect(environment);
            var source = SourceIdentity.Resolve(request.RepositoryUrl, request.RepositoryCommit, request.RepositoryBranch, environment, sink);
            var startedOn = request.StartedOn ?? clock.GetUtcNow();
            foreach (var package in request.Packages)
            {
                if (!File.Exists(package))
                {
                    throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, package, 0, package, "the attestation step (the package NuGet reported writing)");
                }

                var provenance = SlsaProvenanceBuilder.BuildPredicate(new SlsaProvenanceRequest
                {
                    ProjectPath = RelativeProjectPath(request.ProjectPath, request.RepositoryRoot),
                    Configuration = request.Configuration,
                    PackageId = request.PackageId,
                    PackageVersion = request.PackageVersion,
                    RepositoryUrl = source.RepositoryUrl,
                    RepositoryCommit = source.Commit,
                    RepositoryRef = source.Ref,
                    DotNetSdkVersion = request.DotNetSdkVersion,
                    MSBuildVersion = request.MSBuildVersion,
                    SupplyChainSdkVersion = request.SupplyChainSdkVersion,
                    OperatingSystem = RuntimeInformation.OSDescription,
                    OperatingSystemArchitecture = RuntimeInformation.OSArchitecture.ToString(),
                    Packages = packages,
                    Builder = builder,
                    StartedOn = startedOn,
                    FinishedOn = clock.GetUtcNow(),
                });
                var sbom = request.SbomPaths is null
                    ? AttestationSidecars.Of(package).Sbom
                    : request.SbomPaths.TryGetValue(Path.GetFullPath(package), out var listed) ? listed : null;
                var result = AttestationWriter.Write(new AttestationWriteRequest(package, provenance) { SbomPath = sbom, PackageUrl = PackageUrlOf(package, request) }, signer, sink);
                sink.Trace($"Attested '{Path.GetFileName(package)}' (sha256 {result.Subject.Digest["sha256"]}) with key {result.KeyId}: {string.Join(", ", result.Files)}.");
                results.Add(result);
            }

            completed = true;
            return new PackageAttestationResult(results);
        }
        finally
        {
            (signer as IDisposable)?.Dispose();
            if (!completed)
            {
                foreach (var package in request.Packages)
                {
                    AttestationSidecars.Of(package).DeleteAll();
                }
            }
        }
    }

    /// <summary>The purl of a .nupkg (a symbol package is not the package the purl names: none).</summary>
    private static string? PackageUrlOf(string package, PackageAttestationRequest request)
        => package.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) ? Packages.PackageUrl.NuGet(request.PackageId, request.PackageVersion) : null;

    /// <summary>
    /// When the build most likely started: the start of this process (the MSBuild node or <c>dotnet</c> itself) when it is
    /// recent, otherwise now. A reused MSBuild node started long ago is not the start of this build.
    /// </summary>
    public static DateTimeOffset EstimateBuildStart(TimeProvider clock, TimeSpan maximumAge)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        try
        {
            using var process = Process.GetCurrentProcess();
            var started = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
            return started <= now && now - started <= maximumAge ? started : now;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return now;
        }
    }

    /// <summary>The project path relative to the repository root with '/' separators, or its file name when it is not under the root.</summary>
    public static string RelativeProjectPath(string projectPath, string? repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(projectPath);
        if (!string.IsNullOrWhiteSpace(repositoryRoot))
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(repositoryRoot), Path.GetFullPath(projectPath));
            if (!Path.IsPathRooted(relative) && !relative.StartsWith("..", StringComparison.Ordinal))
            {
                return relative.Replace('\\', '/');
            }
        }

        return Path.GetFileName(projectPath);
    }
}

/// <summary>What <see cref="PackageAttestor.Attest"/> attests.</summary>
public sealed record PackageAttestationRequest
{
    /// <summary>The .nupkg files NuGet wrote (no symbol packages).</summary>
    public required IReadOnlyList<string> Packages { get; init; }

    /// <summary>The project file (full path).</summary>
    public required string ProjectPath { get; init; }

    /// <summary>The root of the source repository, or null.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>How to sign.</summary>
    public required AttestationSignerOptions Signer { get; init; }

    /// <summary>The project's <c>packages.lock.json</c>, or null.</summary>
    public string? LockFilePath { get; init; }

    /// <summary>The project's <c>project.assets.json</c>, or null.</summary>
    public string? AssetsFilePath { get; init; }

    /// <summary>The configuration, or null.</summary>
    public string? Configuration { get; init; }

    /// <summary>The package id.</summary>
    public required string PackageId { get; init; }

    /// <summary>The package version.</summary>
    public required string PackageVersion { get; init; }

    /// <summary>The repository URL (published only as NuGet publishes it: when set or PublishRepositoryUrl is true), or null.</summary>
    public string? RepositoryUrl { get; init; }

    /// <summary>The source commit, or null.</summary>
    public string? RepositoryCommit { get; init; }

    /// <summary>NuGet's <c>RepositoryBranch</c> (a branch name or a full ref), or null; the CI system's ref when not given (<see cref="SourceIdentity.Resolve"/>).</summary>
    public string? RepositoryBranch { get; init; }

    /// <summary>The .NET SDK version, or null.</summary>
    public string? DotNetSdkVersion { get; init; }

    /// <summary>The MSBuild version, or null.</summary>
    public string? MSBuildVersion { get; init; }

    /// <summary>The SupplyChain.Sdk version, or null.</summary>
    public string? SupplyChainSdkVersion { get; init; }

    /// <summary>When the build started; the clock's now when null.</summary>
    public DateTimeOffset? StartedOn { get; init; }

    /// <summary>
    /// The SBOM of each package (full package path → SBOM path); a package that is not listed gets no SBOM statement.
    /// Null to use the sidecar <c>&lt;id&gt;.&lt;version&gt;.cdx.json</c> next to each package when it exists.
    /// </summary>
    public IReadOnlyDictionary<string, string>? SbomPaths { get; init; }

    /// <summary>Reads environment variables (the CI system); the process environment when null.</summary>
    public Func<string, string?>? Environment { get; init; }
}

/// <summary>What <see cref="PackageAttestor.Attest"/> wrote.</summary>
/// <param name="Packages">One result per package.</param>
public sealed record PackageAttestationResult(IReadOnlyList<AttestationWriteResult> Packages);
