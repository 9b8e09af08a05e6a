using System;
using System.Collections.Generic;
using System.IO;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Sigstore.ConformanceClient;

/// <summary>
/// The command line the Sigstore conformance suite (sigstore/sigstore-conformance) drives a verifying client with,
/// mapped onto <see cref="SigstoreVerifier"/>; signing commands are not supported.
/// <code>
/// CLIENT verify-bundle [--staging] --bundle FILE --certificate-identity IDENTITY --certificate-oidc-issuer URL [--trusted-root FILE] FILE_OR_DIGEST
/// CLIENT verify-bundle [--staging] --bundle FILE --key PUBKEY.pem [--trusted-root FILE] FILE_OR_DIGEST
/// </code>
/// Arguments come in that order. <c>FILE_OR_DIGEST</c> is <c>sha256:&lt;64 hex&gt;</c> or else a path; for a DSSE bundle
/// it must be a subject of the statement. Without <c>--trusted-root</c> the trusted root kept in the configuration
/// (<see cref="SigstoreTrustedRootStore"/>, staging with <c>--staging</c>) is used; nothing is ever fetched.
/// Exit code 0 when verified, 1 when refused or on a usage error.
/// </summary>
internal static class ConformanceClient
{
    /// <summary>Runs one command; returns 0 or 1.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            if (!TryParse(args, out var parsed, out var problem))
            {
                error.WriteLine("usage error: " + problem);
                return 1;
            }

            var root = parsed.TrustedRoot is not null || parsed.Identity is not null
                ? SigstoreTrustedRootStore.Load(parsed.TrustedRoot ?? SigstoreTrustedRootStore.DefaultPath(parsed.Staging))
                : null;
            var keys = parsed.Key is null ? Array.Empty<PublicKey>() : new[] { KeyLoader.LoadPublicKey(parsed.Key) };
            var artifact = SigstoreArtifact.TryParseDigest(parsed.FileOrDigest, out var digest) ? digest! : SigstoreArtifact.FromFile(parsed.FileOrDigest);
            var sink = new WriterSink(error);
            var options = new SigstoreVerificationOptions
            {
                TrustedRoot = root,
                TrustedKeys = keys,
                Identity = parsed.Identity is null ? null : SigstoreIdentity.Exact(parsed.Identity, parsed.Issuer!),
            };
            var result = SigstoreVerifier.VerifyFile(parsed.Bundle, artifact, options, sink);
            if (result.IsValid)
            {
                output.WriteLine("verified: " + (result.SignerIdentity ?? result.KeyId));
            }

            return result.IsValid ? 0 : 1;
        }
        catch (SupplyChainException ex)
        {
            error.WriteLine(ex.Diagnostic.ToCanonicalString());
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }

    internal static bool TryParse(IReadOnlyList<string> args, out Arguments parsed, out string? problem)
    {
        parsed = new Arguments();
        problem = null;
        var i = 0;
        string? Next(string name)
        {
            if (i < args.Count && args[i] == name)
            {
                if (i + 1 >= args.Count)
                {
                    return null;
                }

                var value = args[i + 1];
                i += 2;
                return value;
            }

            return null;
        }

        if (args.Count == 0 || args[0] != "verify-bundle")
        {
            problem = "the only command is 'verify-bundle' (signing is not supported)";
            return false;
        }

        i = 1;
        if (i < args.Count && args[i] == "--staging")
        {
            parsed.Staging = true;
            i++;
        }

        parsed.Bundle = Next("--bundle") ?? string.Empty;
        if (parsed.Bundle.Length == 0)
        {
            problem = "--bundle FILE is required after the command";
            return false;
        }

        if (i < args.Count && args[i] == "--key")
        {
            parsed.Key = Next("--key");
        }
        else
        {
            parsed.Identity = Next("--certificate-identity");
            parsed.Issuer = Next("--certificate-oidc-issuer");
            if (parsed.Identity is null || parsed.Issuer is null)
            {
                problem = "give --certificate-identity IDENTITY --certificate-oidc-issuer URL, or --key PUBKEY.pem";
                return false;
            }
        }

        if (i < args.Count && args[i] == "--trusted-root")
        {
            parsed.TrustedRoot = Next("--trusted-root");
        }

        if (i != args.Count - 1 || (parsed.Key is null && parsed.Identity is null))
        {
            problem = "expected exactly one FILE_OR_DIGEST after the options, in the documented order";
            return false;
        }

        parsed.FileOrDigest = args[i];
        return true;
    }

    internal sealed class Arguments
    {
        public bool Staging { get; set; }

        public string Bundle { get; set; } = string.Empty;

        public string? Identity { get; set; }

        public string? Issuer { get; set; }

        public string? Key { get; set; }

        public string? TrustedRoot { get; set; }

        public string FileOrDigest { get; set; } = string.Empty;
    }

    private sealed class WriterSink : IDiagnosticSink
    {
        private readonly TextWriter _writer;

        public WriterSink(TextWriter writer) => _writer = writer;

        public void Report(Diagnostic diagnostic) => _writer.WriteLine(diagnostic.ToCanonicalString());

        public void Trace(string message)
        {
        }
    }
}
