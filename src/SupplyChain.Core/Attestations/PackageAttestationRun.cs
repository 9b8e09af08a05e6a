using System;
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
