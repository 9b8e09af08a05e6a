using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>A clock that says what the test tells it to.</summary>
internal sealed class FixedClock : TimeProvider
{
    public FixedClock(DateTimeOffset now)
    {
        Now = now;
    }

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Builds packages, predicates and attestations for the attestation tests.</summary>
internal static class AttestationTestHelpers
{
    public static readonly DateTimeOffset Started = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Finished = new(2026, 11, 21, 9, 31, 5, TimeSpan.Zero);

    /// <summary>A file that stands for a .nupkg: attestation subjects only hash the bytes.</summary>
    public static string WritePackage(string folder, string id = "Contoso.Lib", string version = "1.2.3", string? content = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{id}.{version}.nupkg");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content ?? "package " + Guid.NewGuid().ToString("N")));
        return path;
    }

    public static string WriteSbom(string packagePath, string name = "Contoso.Lib")
    {
        var sbom = AttestationSidecars.Of(packagePath).Sbom;
        File.WriteAllText(sbom, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"metadata\":{\"component\":{\"type\":\"library\",\"name\":\"" + name + "\"}},\"components\":[]}");
        return sbom;
    }

    public static JsonObject Predicate(IReadOnlyList<ResourceDescriptor>? packages = null) => SlsaProvenanceBuilder.BuildPredicate(new SlsaProvenanceRequest
    {
        ProjectPath = "src/Contoso.Lib/Contoso.Lib.csproj",
        Configuration = "Release",
        PackageId = "Contoso.Lib",
        PackageVersion = "1.2.3",
        RepositoryUrl = "https://github.com/contoso/lib",
        RepositoryCommit = "c27d339ee6075c1f744c5d4b200f7901aad2c369",
        DotNetSdkVersion = "10.0.401",
        MSBuildVersion = "18.9.11",
        SupplyChainSdkVersion = "1.0.0",
        OperatingSystem = "Linux",
        OperatingSystemArchitecture = "X64",
        Packages = packages ?? Array.Empty<ResourceDescriptor>(),
        Builder = new BuilderIdentity(BuilderIdentity.LocalBuilderId, "urn:uuid:00000000-0000-4000-8000-000000000001", "local"),
        StartedOn = Started,
        FinishedOn = Finished,
    });

    /// <summary>Writes the attestations of a package (with its SBOM when <paramref name="withSbom"/>) and returns what was written.</summary>
    public static AttestationWriteResult Attest(string packagePath, ISigner signer, bool withSbom = true, string? packageUrl = null)
    {
        if (withSbom)
        {
            WriteSbom(packagePath);
        }

        return AttestationWriter.Write(
            new AttestationWriteRequest(packagePath, Predicate()) { SbomPath = withSbom ? AttestationSidecars.Of(packagePath).Sbom : null, PackageUrl = packageUrl },
            signer,
            new SupplyChain.Core.Diagnostics.DiagnosticBag());
    }

    public static ResourceDescriptor Artifact(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return new ResourceDescriptor(Path.GetFileName(path), new[]
        {
            new KeyValuePair<string, string>("sha256", Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant()),
            new KeyValuePair<string, string>("sha512", Convert.ToHexString(SHA512.HashData(bytes)).ToLowerInvariant()),
        });
    }

    public static string[] Lines(string path) => File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string[] SidecarFiles(string folder)
        => Directory.GetFiles(folder).Select(Path.GetFileName).Where(n => !n!.EndsWith(".nupkg", StringComparison.Ordinal) && !n.EndsWith(".cdx.json", StringComparison.Ordinal)).Select(n => n!).OrderBy(n => n, StringComparer.Ordinal).ToArray();
}
