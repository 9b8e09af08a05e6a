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
    public static bool LooksLikePemText(string source) => source.Contains("-----BEGIN", StringComparison.Ordinal) || source.Contains("PRIVATE KEY-----", StringComparison.Ordinal);

    /// <summary>
    /// The SCSDK3002 error for a setting that holds PEM text where a source belongs. The text is not repeated, but it was
    /// in MSBuild's hands, and build logs record properties: the key is exposed and must be rotated, which the message says.
    /// </summary>
    /// <param name="setting">The property (SupplyChainSigningKey).</param>
    /// <param name="environmentVariable">
    /// The environment variable the property came from (an environment variable named like the property becomes it), or
    /// null when the text was given as the property itself (command line, project file) or is not known to come from the
    /// environment.
    /// </param>
    public static SupplyChainException PemTextGivenAsSource(string setting, string? environmentVariable = null)
    {
        var origin = environmentVariable is null
            ? "it holds PEM text, given as the property itself (on the command line or in a project file), and build logs record the command line and the properties a build reads"
            : $"it holds PEM text that MSBuild took from the environment variable '{environmentVariable}': an environment variable named like a property becomes that property, and build logs (binary logs, diagnostic logs) record the environment-derived properties a build reads";
        return SupplyChainException.Create(
            DiagnosticCatalog.Key_MalformedPem,
            null,
            0,
            setting,
            origin + ". The private key was exposed to these logs and must be rotated: make a new key ('supplychain keygen'), stop trusting the old public key, delete the logs that hold it, put the new PEM text in an environment variable with another name (a CI secret such as RELEASE_SIGNING_KEY) and set " + setting + " to 'env:RELEASE_SIGNING_KEY'; " + setting + " takes a file path or 'env:NAME', never the key");
    }

    /// <summary>
    /// The name of the environment variable named like <paramref name="property"/> (without case, as MSBuild matches
    /// property names) that holds PEM text, or null.
    /// </summary>
    /// <param name="property">The property name.</param>
    /// <param name="environment">The environment variables; the process environment when null.</param>
    public static string? FindEnvironmentVariableHoldingPem(string property, System.Collections.IDictionary? environment = null)
    {
        ArgumentNullException.ThrowIfNull(property);
        environment ??= Environment.GetEnvironmentVariables();
        foreach (System.Collections.DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && string.Equals(name, property, StringComparison.OrdinalIgnoreCase)
                && entry.Value is string value && LooksLikePemText(value))
            {
                return name;
            }
        }

        return null;
    }
}
