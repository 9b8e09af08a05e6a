using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// Issue 17: provenance made at pack time verifies the package a feed re-signed. A real pack with our SDK is attested;
/// a copy gets a real CMS repository signature (System.Security.Cryptography.Pkcs, a certificate made at test time)
/// placed as NuGet places <c>.signature.p7s</c>; 'supplychain attest verify' accepts the original by file digest and
/// the copy by NuGet content hash, and refuses a re-signed copy with one changed byte, with an added file, or with an
/// author signature in place of the repository signature.
/// </summary>
[Collection(PinningCollection.Name)]
[Trait("Category", "E2E")]
public sealed class RepositorySignedProvenanceTests
{
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromMinutes(2);

    private readonly FixtureFeed _feed;

    public RepositorySignedProvenanceTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    [Fact]
    public void PackTimeAttestation_VerifiesTheRepositorySignedPackage_AndNotAChangedOne()
    {
        using var root = E2ERoot.Create("AttestRepoSigned", _feed);
        var key = root.FullPath("keys/release.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        var keygen = Tool(root, "keygen", "--type", "ecdsa-p256", "--out", key);
        root.Assert(keygen.ExitCode == 0, "supplychain keygen wrote the key pair", keygen);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, extraProperties: "<PackageId>Contoso.App</PackageId><Version>2.1.0</Version>");

        var pack = root.DotNet("pack", project, "-c", "Release", "-p:SupplyChainSigningKey=" + key);
        root.AssertSucceeded(pack);
        var output = root.FullPath("src/App/bin/Release");
        var nupkg = Path.Combine(output, "Contoso.App.2.1.0.nupkg");
        var statements = Path.Combine(output, "Contoso.App.2.1.0.intoto.jsonl");
        var bundle = Path.Combine(output, "Contoso.App.2.1.0.provenance.sigstore.json");
        var unsigned = File.ReadAllBytes(nupkg);

        // The subject: file digests, the content hash (hex SHA-512 of the unsigned package) and the purl.
        var firstSubjects = Subjects(statements);
        var subject = firstSubjects[0];
        var digest = subject["digest"]!.AsObject();
        root.Assert(string.Join(",", digest.Select(d => d.Key)) == "nugetContentSha512,sha256,sha512", "the subject's digests: " + digest.ToJsonString());
        root.Assert((string?)digest["nugetContentSha512"] == Hex(SHA512.HashData(unsigned)) && (string?)digest["sha512"] == Hex(SHA512.HashData(unsigned)), "the content hash of the unsigned package is its SHA-512, in hex");
        root.Assert((string?)subject["uri"] == "pkg:nuget/Contoso.App@2.1.0", "the subject's uri is the purl: " + subject.ToJsonString());

        // Packing again gives the same package and the same subjects, byte for byte.
        var again = root.DotNet("pack", project, "-c", "Release", "-p:SupplyChainSigningKey=" + key);
        root.AssertSucceeded(again);
        root.Assert(File.ReadAllBytes(nupkg).AsSpan().SequenceEqual(unsigned), "pack is deterministic", again);
        var secondSubjects = Subjects(statements);
        root.Assert(firstSubjects.Select(s => s.ToJsonString()).SequenceEqual(secondSubjects.Select(s => s.ToJsonString())), "the subjects are the same bytes after a second pack", again);

        var publicKey = key + ".pub";
        var original = Tool(root, "attest", "verify", statements, "--key", publicKey, "--artifact", nupkg);
        root.Assert(original.ExitCode == 0 && original.Output.Contains("2 of 2 attestation(s)", StringComparison.Ordinal) && Count(original.Output, "matched by file digest") == 2, "the packed package verifies by file digest", original);

        // The feed's copy: one repository signature added, as nuget.org does.
        using var certificate = TestRepositorySigner.CreateCertificate();
        var feedCopy = Copy(root, "feed", TestRepositorySigner.RepositorySign(unsigned, certificate));
        foreach (var attestations in new[] { statements, bundle })
        {
            var signed = Tool(root, "attest", "verify", attestations, "--key", publicKey, "--artifact", feedCopy);
            root.Assert(signed.ExitCode == 0 && signed.Output.Contains("matched by NuGet content hash after one repository signature", StringComparison.Ordinal) && !signed.Output.Contains("matched by file digest", StringComparison.Ordinal), $"the repository-signed copy verifies against '{Path.GetFileName(attestations)}' by content hash", signed);
        }

        // One changed byte (in the first entry's data), then repository-signed: refused.
        var changed = (byte[])unsigned.Clone();
        changed[30 + BitConverter.ToUInt16(changed, 26) + BitConverter.ToUInt16(changed, 28)] ^= 0x01;
        AssertRefused(root, statements, publicKey, Copy(root, "changed", TestRepositorySigner.RepositorySign(changed, certificate)), "SCSDK3035", "a re-signed copy with one changed byte");

        // An added file, then repository-signed: refused.
        AssertRefused(root, statements, publicKey, Copy(root, "added", TestRepositorySigner.RepositorySign(WithAddedFile(unsigned), certificate)), "SCSDK3035", "a re-signed copy with an added file");

        // An author signature is not a repository signature: refused, and the error says why.
        var authorSigned = TestPackageSigner.AppendSignatureEntry(unsigned, TestRepositorySigner.CreateSignature(unsigned, certificate, TestSignatureKind.Author));
        AssertRefused(root, statements, publicKey, Copy(root, "author", authorSigned), "SCSDK3040", "an author-signed copy");
    }

    private static void AssertRefused(E2ERoot root, string statements, string publicKey, string artifact, string code, string what)
    {
        var result = Tool(root, "attest", "verify", statements, "--key", publicKey, "--artifact", artifact);
        root.Assert(result.ExitCode == 1 && result.Errors.Count == 2 && result.Errors.All(e => e.Code == code) && result.Output.Contains("0 of 2 attestation(s)", StringComparison.Ordinal), $"{what} is refused with {code}", result);
    }

    private static JsonNode[] Subjects(string statements)
        => File.ReadAllLines(statements).Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(Convert.FromBase64String((string)JsonNode.Parse(l)!["payload"]!))!["subject"]![0]!)
            .ToArray();

    private static byte[] WithAddedFile(byte[] package)
    {
        using var buffer = new MemoryStream();
        buffer.Write(package);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("tools/init.ps1").Open();
            entry.Write("Write-Host 'not attested'"u8);
        }

        return buffer.ToArray();
    }

    private static string Copy(E2ERoot root, string folder, byte[] bytes)
    {
        var path = root.FullPath(Path.Combine("copies", folder, "Contoso.App.2.1.0.nupkg"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static int Count(string text, string value) => text.Split(value).Length - 1;

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static ProcessResult Tool(E2ERoot root, params string[] args)
        => ProcessRunner.Run("dotnet", new[] { Path.Combine(TestEnvironment.ToolFolder, "SupplyChain.Tool.dll") }.Concat(args), root.Path, root.Environment, s_toolTimeout);
}
