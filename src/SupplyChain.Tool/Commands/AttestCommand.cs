using System.CommandLine;
using System.Linq;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain attest verify FILE --key PUB --artifact FILE</c>: checks every DSSE envelope of a <c>.intoto.jsonl</c>
/// file (or a <c>.sigstore.json</c> bundle): the signature by a trusted key, the statement form and predicate type, and
/// that the statement's subject is the artifact: by its file digest, or for a .nupkg that a feed repository-signed after
/// it was attested, by its NuGet content hash (each verified line says which). Exit code 0 when all pass, 1 when one fails, 2 on unreadable input.
/// </summary>
internal static class AttestCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("attestations") { Description = "The '.intoto.jsonl' file (one DSSE envelope per line), or a '.sigstore.json' bundle." };
        var keys = new Option<string[]>("--key") { Description = "A trusted public key (PEM file, or env:NAME); repeat for several.", Required = true, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var artifact = new Option<string>("--artifact") { Description = "The artifact the statements must be about (the .nupkg).", Required = true };
        var verify = new Command("verify", "Verifies signatures, statement form and subject digests of attestations against an artifact.") { file, keys, artifact };
        verify.SetAction(parse => context.Run(sink => Verify(parse.GetValue(file)!, parse.GetValue(keys)!, parse.GetValue(artifact)!, sink, context)));
        return new Command("attest", "in-toto attestations (DSSE envelopes, Sigstore bundles).") { verify };
    }

    internal static ExitCode Verify(string file, string[] keySources, string artifact, ConsoleDiagnosticSink sink, CommandContext context)
    {
        var keys = keySources.Select(KeyLoader.LoadPublicKey).ToArray();
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
}
