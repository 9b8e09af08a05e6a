using System;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// How attestations are signed: a private key (<see cref="KeySource"/>, with <see cref="PasswordSource"/> when it is
/// encrypted) or an external signer (<see cref="Command"/> with <see cref="PublicKeySource"/>). Sources are a file path or
/// <c>env:NAME</c>, never key material.
/// </summary>
public sealed record AttestationSignerOptions
{
    /// <summary>The private key source (SupplyChainSigningKey), or null.</summary>
    public string? KeySource { get; init; }

    /// <summary>The password source, <c>env:NAME</c> (SupplyChainSigningKeyPassword), or null.</summary>
    public string? PasswordSource { get; init; }

    /// <summary>The external signer's command line (SupplyChainSigningCommand), or null.</summary>
    public string? Command { get; init; }

    /// <summary>The external signer's public key source (SupplyChainSigningPublicKey), or null.</summary>
    public string? PublicKeySource { get; init; }

    /// <summary>How long the external signer may take per signature.</summary>
    public TimeSpan Timeout { get; init; } = ExternalSigner.DefaultTimeout;

    /// <summary>Where the external signer runs (the project folder).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>True when a key or a command is set.</summary>
    public bool HasSigner => !string.IsNullOrWhiteSpace(KeySource) || !string.IsNullOrWhiteSpace(Command);

    /// <summary>
    /// Makes the signer. The caller disposes it when it is <see cref="IDisposable"/> (a loaded key).
    /// </summary>
    /// <param name="subject">What is being attested (the project), for messages.</param>
    /// <param name="sink">Receives warnings (a key file others may read).</param>
    /// <exception cref="SupplyChainException">
    /// SCSDK3025 nothing to sign with, SCSDK3026 both a key and a command, SCSDK3027 a command without public key,
    /// SCSDK3028 an unusable command, or any key loading error (SCSDK3000-3015).
    /// </exception>
    public ISigner CreateSigner(string subject, IDiagnosticSink? sink)
    {
        var hasKey = !string.IsNullOrWhiteSpace(KeySource);
        var hasCommand = !string.IsNullOrWhiteSpace(Command);
        if (hasKey && hasCommand)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Signing_KeyAndCommandBothSet, null, 0, subject);
        }

        if (hasKey)
        {
            if (LooksLikePemText(KeySource!))
            {
                throw PemTextGivenAsSource("SupplyChainSigningKey");
            }

            return KeyLoader.LoadSigningKey(KeySource!.Trim(), string.IsNullOrWhiteSpace(PasswordSource) ? null : PasswordSource.Trim(), sink);
        }

        if (hasCommand)
        {
            if (string.IsNullOrWhiteSpace(PublicKeySource))
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Signing_CommandWithoutPublicKey, null, 0, subject);
            }

            var publicKey = KeyLoader.LoadPublicKey(PublicKeySource.Trim());
            return new ExternalSigner(Command!, publicKey, Timeout, WorkingDirectory);
        }

        throw SupplyChainException.Create(DiagnosticCatalog.Attestation_NoSigningKey, null, 0, subject);
    }

    /// <summary>True when a key source is PEM text rather than a path or <c>env:NAME</c>.</summary>
    public static bool LooksLikePemText(string source) => source.Contains("-----BEGIN", StringComparison.Ordinal);

    /// <summary>The SCSDK3002 error for a setting that holds PEM text where a source belongs; the text is not repeated.</summary>
    public static SupplyChainException PemTextGivenAsSource(string setting)
        => SupplyChainException.Create(
            DiagnosticCatalog.Key_MalformedPem,
            null,
            0,
            setting,
            "it holds PEM text, but it takes a file path or 'env:NAME'; put the PEM text in an environment variable (a CI secret) and give 'env:NAME'");
}
