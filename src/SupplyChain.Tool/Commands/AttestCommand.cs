using System;
using System.CommandLine;
using System.Linq;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain attest verify FILE --artifact FILE (--key PUB | --certificate-identity[-regexp] ID --certificate-oidc-issuer URL [--trusted-root FILE])</c>:
/// checks every DSSE envelope of a <c>.intoto.jsonl</c> file by trusted keys, or a Sigstore bundle (<c>.sigstore.json</c>,
/// keyless or key-based) through <see cref="SigstoreVerifier"/>: the signature, the statement form and predicate type,
/// and that the statement's subject is the artifact: by its file digest, or for a .nupkg that a feed repository-signed
/// after it was attested, by its NuGet content hash (each verified line of a .intoto.jsonl says which).
/// Exit code 0 when all pass, 1 when one fails, 2 on unreadable input.
/// </summary>
internal static class AttestCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("attestations") { Description = "The '.intoto.jsonl' file (one DSSE envelope per line), or a '.sigstore.json' bundle." };
        var keys = new Option<string[]>("--key") { Description = "A trusted public key (PEM file, or env:NAME); repeat for several.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var artifact = new Option<string>("--artifact") { Description = "The artifact the statements must be about (the .nupkg).", Required = true };
        var identity = new Option<string?>("--certificate-identity") { Description = "Keyless: the signer's exact identity (the certificate's URI or e-mail subject alternative name)." };
        var identityRegex = new Option<string?>("--certificate-identity-regexp") { Description = "Keyless: a regular expression the whole identity must match (anchored)." };
        var issuer = new Option<string?>("--certificate-oidc-issuer") { Description = "Keyless: the exact OIDC issuer (GitHub Actions: https://token.actions.githubusercontent.com)." };
        var trustedRoot = new Option<string?>("--trusted-root") { Description = "Keyless: the Sigstore trusted_root.json; default: " + SigstoreTrustedRootStore.Variable + " or the configured one." };
        var verify = new Command("verify", "Verifies signatures, statement form and subject digests of attestations against an artifact.") { file, keys, artifact, identity, identityRegex, issuer, trustedRoot };
        verify.SetAction(parse => context.Run(sink => Verify(
            parse.GetValue(file)!,
            parse.GetValue(keys) ?? Array.Empty<string>(),
            parse.GetValue(artifact)!,
            new KeylessOptions(parse.GetValue(identity), parse.GetValue(identityRegex), parse.GetValue(issuer), parse.GetValue(trustedRoot)),
            sink,
            context)));
        return new Command("attest", "in-toto attestations (DSSE envelopes, Sigstore bundles).") { verify };
    }

    internal static ExitCode Verify(string file, string[] keySources, string artifact, ConsoleDiagnosticSink sink, CommandContext context)
        => Verify(file, keySources, artifact, new KeylessOptions(null, null, null, null), sink, context);

    internal static ExitCode Verify(string file, string[] keySources, string artifact, KeylessOptions keyless, ConsoleDiagnosticSink sink, CommandContext context)
    {
        var wantsKeyless = keyless.Identity is not null || keyless.IdentityRegex is not null || keyless.Issuer is not null || keyless.TrustedRoot is not null;
        if (keyless.Identity is not null && keyless.IdentityRegex is not null)
        {
            context.Error.WriteLine("supplychain: error: give --certificate-identity or --certificate-identity-regexp, not both.");
            return ExitCode.UsageOrInput;
        }

        if ((keyless.Identity is not null || keyless.IdentityRegex is not null) != (keyless.Issuer is not null))
        {
            context.Error.WriteLine("supplychain: error: a keyless identity needs both --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer.");
            return ExitCode.UsageOrInput;
        }

        if (keySources.Length == 0 && keyless.Issuer is null)
        {
            context.Error.WriteLine("supplychain: error: give --key for key-based attestations, or --certificate-identity and --certificate-oidc-issuer for keyless Sigstore bundles.");
            return ExitCode.UsageOrInput;
        }

        var keys = keySources.Select(KeyLoader.LoadPublicKey).ToArray();
        var isBundle = file.EndsWith(".sigstore.json", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".sigstore", StringComparison.OrdinalIgnoreCase);
        if (!isBundle && !wantsKeyless)
        {
            return VerifyJsonLines(file, keys, artifact, sink, context);
        }

        SigstoreIdentity? expected;
        try
        {
            expected = keyless.Issuer is null ? null
                : keyless.Identity is not null ? SigstoreIdentity.Exact(keyless.Identity, keyless.Issuer)
                : SigstoreIdentity.Pattern(keyless.IdentityRegex!, keyless.Issuer);
        }
        catch (ArgumentException ex)
        {
            context.Error.WriteLine("supplychain: error: --certificate-identity-regexp is not a valid regular expression: " + ex.Message);
            return ExitCode.UsageOrInput;
        }

        var root = keyless.TrustedRoot is not null || expected is not null
            ? SigstoreTrustedRootStore.Load(keyless.TrustedRoot ?? SigstoreTrustedRootStore.DefaultPath(staging: false))
            : null;
        if (!System.IO.File.Exists(artifact))
        {
            throw Core.Diagnostics.SupplyChainException.Create(Core.Diagnostics.DiagnosticCatalog.Input_NotFound, artifact, 0, artifact, "--artifact");
        }

        var options = new SigstoreVerificationOptions { TrustedRoot = root, Identity = expected, TrustedKeys = keys, PredicateTypes = AttestationVerifier.DefaultPredicateTypes };
        var result = SigstoreVerifier.VerifyFile(file, SigstoreArtifact.FromFile(artifact), options, sink);
        if (result.IsValid)
        {
            var who = result.SignerIdentity is not null ? $"'{result.SignerIdentity}' (issuer '{result.SignerIssuer}')" : "the key " + result.KeyId;
            var when = result.SigningTime is { } time ? $", at {time:O} ({result.SigningTimeSource})" : string.Empty;
            var match = result.Match == AttestationSubjectMatch.FileDigest
                ? "matched by file digest"
                : "matched by NuGet content hash after one repository signature";
            context.Out.WriteLine($"verified: {file}: {result.Statement?.PredicateType ?? "message signature"}, {match}, signed by {who}{when}");
        }

        context.Out.WriteLine($"{(result.IsValid ? 1 : 0)} of 1 attestation(s) of '{System.IO.Path.GetFileName(artifact)}' verified.");
        return result.IsValid ? ExitCode.Success : ExitCode.VerificationFailed;
    }

    private static ExitCode VerifyJsonLines(string file, PublicKey[] keys, string artifact, ConsoleDiagnosticSink sink, CommandContext context)
    {
        var result = AttestationVerifier.VerifyFile(file, artifact, keys, sink);
        foreach (var attestation in result.Verified)
        {
            var where = attestation.Line > 0 ? $"{file}({attestation.Line})" : file;
            var match = attestation.Match == AttestationSubjectMatch.FileDigest
                ? "matched by file digest"
                : "matched by NuGet content hash after one repository signature";
            context.Out.WriteLine($"verified: {where}: {attestation.Statement.PredicateType}, {match}, signed by {string.Join(", ", attestation.KeyIds)}");
        }

        context.Out.WriteLine($"{result.Verified.Count} of {result.Verified.Count + result.FailedCount} attestation(s) of '{System.IO.Path.GetFileName(artifact)}' verified.");
        return result.IsValid ? ExitCode.Success : ExitCode.VerificationFailed;
    }

    /// <summary>The keyless options of <c>attest verify</c>.</summary>
    internal sealed record KeylessOptions(string? Identity, string? IdentityRegex, string? Issuer, string? TrustedRoot);
}
