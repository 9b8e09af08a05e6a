using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Configuration;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Attestations;

/// <summary>The settings of an attestation run given as text, read by <see cref="PackageAttestationRun.Run"/>.</summary>
public sealed record PackageAttestationSettings
{
    /// <summary><c>SupplyChainSigningTimeout</c>: whole seconds from 1 to 3600; empty for the default.</summary>
    public string? SigningTimeout { get; init; }

    /// <summary>True when <c>SupplyChainSigningKey</c> holds PEM text instead of a source (the text itself never gets here).</summary>
    public bool SigningKeyIsPemText { get; init; }

    /// <summary><c>SupplyChainSigningKey</c>: a PEM file path or <c>env:NAME</c> (ignored when <see cref="SigningKeyIsPemText"/>).</summary>
    public string? SigningKey { get; init; }

    /// <summary><c>SupplyChainSigningKeyPassword</c>: <c>env:NAME</c>.</summary>
    public string? SigningKeyPassword { get; init; }

    /// <summary><c>SupplyChainSigningCommand</c>.</summary>
    public string? SigningCommand { get; init; }

    /// <summary><c>SupplyChainSigningPublicKey</c>: a PEM file path or <c>env:NAME</c>.</summary>
    public string? SigningPublicKey { get; init; }

    /// <summary>
    /// The signer of a pack of <paramref name="projectPath"/>: the key sources as given (blank is none; PEM text is never
    /// passed on), the external command run in the project's folder. The timeout is applied by <see cref="PackageAttestationRun.Run"/>.
    /// </summary>
    public AttestationSignerOptions Signer(string projectPath) => new()
    {
        KeySource = SigningKeyIsPemText ? null : Given(SigningKey),
        PasswordSource = Given(SigningKeyPassword),
        Command = Given(SigningCommand),
        PublicKeySource = Given(SigningPublicKey),
        WorkingDirectory = Path.GetDirectoryName(projectPath),
    };

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// One attestation run of a pack (the build's AttestPackage task): reads the settings, and when one is wrong fails
/// before anything is signed and deletes the attestations an earlier pack left beside the packages; else
/// <see cref="PackageAttestor.Attest"/>.
/// </summary>
public static class PackageAttestationRun
{
    /// <summary>The property that sets the signing timeout.</summary>
    public const string SigningTimeoutSetting = "SupplyChainSigningTimeout";

    /// <summary>Reads <c>SupplyChainSigningTimeout</c> (1 to 3600 seconds; the external signer's default when empty).</summary>
    public static TimeSpan ParseSigningTimeout(string? text)
        => SecondsSetting.Parse(SigningTimeoutSetting, text, Crypto.ExternalSigner.DefaultTimeout, minimum: 1, maximum: 3600);

    /// <summary>How far back the start of this process may lie and still be taken as the start of the build.</summary>
    public static readonly TimeSpan MaximumBuildAge = TimeSpan.FromHours(6);

    /// <summary>When the build most likely started (<see cref="PackageAttestor.EstimateBuildStart"/> with <see cref="MaximumBuildAge"/>).</summary>
    public static DateTimeOffset EstimateBuildStart() => PackageAttestor.EstimateBuildStart(TimeProvider.System, MaximumBuildAge);

    /// <summary>
    /// The SBOM of each package (<see cref="PackageAttestationRequest.SbomPaths"/>) from the SBOM sidecars a pack wrote,
    /// each naming the .nupkg it describes: the first one listed for a package counts; one that names no package is ignored.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SbomPathsByPackage(IEnumerable<(string? PackageFile, string SbomPath)> sboms)
    {
        ArgumentNullException.ThrowIfNull(sboms);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (packageFile, sbomPath) in sboms)
        {
            if (!string.IsNullOrEmpty(packageFile))
            {
                paths.TryAdd(Path.GetFullPath(packageFile), sbomPath);
            }
        }

        return paths;
    }

    /// <summary>Attests the packages of <paramref name="request"/> with the settings applied.</summary>
    /// <exception cref="SupplyChainException">The diagnostic of a wrong setting or of the first failure.</exception>
    public static PackageAttestationResult Run(PackageAttestationRequest request, PackageAttestationSettings settings, IDiagnosticSink sink, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        TimeSpan timeout;
        try
        {
            if (settings.SigningKeyIsPemText)
            {
                // Whether the text came from an environment variable named like the property (which MSBuild turns into
                // the property, and logs) is told by the environment.
                throw AttestationSignerOptions.PemTextGivenAsSource("SupplyChainSigningKey", AttestationSignerOptions.FindEnvironmentVariableHoldingPem("SupplyChainSigningKey"));
            }

            timeout = ParseSigningTimeout(settings.SigningTimeout);
        }
        catch (SupplyChainException)
        {
            foreach (var package in request.Packages.Where(p => !string.IsNullOrEmpty(p)))
            {
                AttestationSidecars.Of(package).DeleteAll();
            }

            throw;
        }

        return PackageAttestor.Attest(request with { Signer = request.Signer with { Timeout = timeout } }, sink, clock);
    }
}
