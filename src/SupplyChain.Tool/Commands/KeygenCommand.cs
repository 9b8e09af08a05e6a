using System;
using System.CommandLine;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain keygen --type ecdsa-p256|ecdsa-p384|ed25519|rsa --out FILE [--password-env NAME]</c>: writes a PKCS#8
/// private key (encrypted when a password variable is named) and <c>FILE.pub</c>, and prints the TUF key id on stdout.
/// </summary>
internal static class KeygenCommand
{
    public static Command Create(CommandContext context)
    {
        var type = new Option<string>("--type")
        {
            Description = "The key type: " + string.Join(", ", KeyAlgorithmNames.All) + ".",
            DefaultValueFactory = _ => KeyAlgorithmNames.EcdsaP256,
        };
        var output = new Option<string>("--out") { Description = "The private key file to write; the public key goes to FILE.pub. Existing files are never overwritten.", Required = true };
        var passwordEnv = new Option<string?>("--password-env") { Description = "The name of an environment variable that holds a password: the private key is then encrypted (PBES2, AES-256)." };
        var command = new Command("keygen", "Makes a signing key: a PKCS#8 private key and its SubjectPublicKeyInfo '.pub'; prints the TUF key id.") { type, output, passwordEnv };
        command.SetAction(parse => context.Run(sink => Run(parse.GetValue(type)!, parse.GetValue(output)!, parse.GetValue(passwordEnv), context)));
        return command;
    }

    internal static ExitCode Run(string type, string output, string? passwordEnv, CommandContext context)
    {
        if (!KeyAlgorithmNames.TryParse(type, out var algorithm))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Configuration_InvalidValue, null, 0, "--type", type, string.Join(", ", KeyAlgorithmNames.All));
        }

        var password = string.IsNullOrWhiteSpace(passwordEnv) ? string.Empty : KeyLoader.ResolvePassword(KeyLoader.EnvironmentPrefix + passwordEnv.Trim(), output);
        var result = KeyGenerator.GenerateToFile(algorithm.Value, output, password.AsSpan());
        context.Out.WriteLine(result.KeyId);
        context.Error.WriteLine($"Wrote the {algorithm.Value.ToName()} private key '{result.PrivateKeyPath}'{(result.IsEncrypted ? " (encrypted)" : string.Empty)} and its public key '{result.PublicKeyPath}'; key id {result.KeyId}.");
        return ExitCode.Success;
    }
}
