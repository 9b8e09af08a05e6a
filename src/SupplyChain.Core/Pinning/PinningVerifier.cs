using System;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Pinning;

/// <summary>
/// The pinning checks of a build: every dependency is pinned to one version and one content, and what is in the
/// packages folder is what was pinned. Reads the project's <c>project.assets.json</c> and <c>packages.lock.json</c>
/// and reports each finding with its SCSDK1xxx code, file and line:
/// floating versions (SCSDK1009), ranges (SCSDK1010), resolved ≠ requested (SCSDK1011), a missing or stale lock file
/// (SCSDK1000, SCSDK1002), lock entries without or with other hashes or versions (SCSDK1004, SCSDK1006), packages whose
/// bytes are not the pinned ones (SCSDK1005, SCSDK1007, SCSDK1017, SCSDK1018), tampered or missing extracted files
/// (SCSDK1008), files in a package folder that the package does not contain (SCSDK1020),
/// package sources open to dependency confusion or tampering (SCSDK1012, SCSDK1013), and CI restores that are not
/// locked (SCSDK1014). Bad input becomes a finding, never an exception.
/// </summary>
public static class PinningVerifier
{
    /// <summary>Runs the checks the request asks for and reports the findings to <paramref name="sink"/>.</summary>
    public static PinningResult Verify(PinningRequest request, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        if (request.Mode == PinningMode.Off)
        {
            sink.Trace("Dependency pinning checks are off (SupplyChainPinning=Off).");
            return PinningResult.Empty;
        }

        var reporter = new PinningReporter(sink, request.Mode);
        var context = PinningContext.Create(request, reporter);
        if (context is null)
        {
            return new PinningResult(Array.Empty<VerifiedPackage>(), Array.Empty<VerifiedFile>(), reporter.Diagnostics);
        }

        DeclaredVersionCheck.Run(context);
        ResolvedVersionCheck.Run(context);
        LockFileConsistencyCheck.Run(context);
        PackageSourceCheck.Run(context);
        if (request.IsContinuousIntegration && context.Assets.Restore?.RestoreLockedMode != true)
        {
            reporter.Report(DiagnosticCatalog.Restore_NotLockedInContinuousIntegration, request.ProjectPath, 0, request.ProjectPath, LockedModeRemedy(request));
        }

        var configFiles = context.Assets.Restore?.ConfigFilePaths ?? Array.Empty<string>();
        if (!request.VerifyPackageHashes)
        {
            reporter.Trace("Package hashes were not verified (SupplyChainVerifyPackageHashes=false).");
            return new PinningResult(Array.Empty<VerifiedPackage>(), Array.Empty<VerifiedFile>(), reporter.Diagnostics) { RestoreConfigFiles = configFiles };
        }

        var (packages, files) = PackageIntegrityCheck.Run(context);
        return new PinningResult(packages, files, reporter.Diagnostics) { RestoreConfigFiles = configFiles };
    }

    // Only what is known: RestoreLockedMode=false in the build's evaluation was set by the user; otherwise the restore
    // simply did not run locked (a PackageReference cannot turn on locked mode for the restore that brings it).
    private static string LockedModeRemedy(PinningRequest request)
        => request.RestoreLockedModeSetToFalse
            ? "The project sets RestoreLockedMode=false (in the project, an imported file or a -p: option); remove that setting for CI builds, or run 'dotnet restore --locked-mode'"
            : "Set RestoreLockedMode=true for CI builds in Directory.Build.props (a restore does not see the props of a package it restores), or run 'dotnet restore --locked-mode' before the build";
}
