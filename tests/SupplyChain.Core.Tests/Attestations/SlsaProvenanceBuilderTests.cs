using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations;

public sealed class SlsaProvenanceBuilderTests
{
    [Fact]
    public void BuildPredicate_HasTheSlsaV1Layout()
    {
        var predicate = AttestationTestHelpers.Predicate();
        var definition = predicate["buildDefinition"]!.AsObject();
        Assert.Equal(AttestationUris.DotNetPackBuildTypeV1, (string?)definition["buildType"]);
        Assert.Equal(new[] { "buildType", "externalParameters", "internalParameters", "resolvedDependencies" }, definition.Select(p => p.Key));
        var external = definition["externalParameters"]!;
        Assert.Equal("src/Contoso.Lib/Contoso.Lib.csproj", (string?)external["project"]);
        Assert.Equal("Release", (string?)external["configuration"]);
        Assert.Equal("Contoso.Lib", (string?)external["package"]!["id"]);
        Assert.Equal("1.2.3", (string?)external["package"]!["version"]);
        Assert.Equal("https://github.com/contoso/lib", (string?)external["source"]!["repository"]);
        Assert.Equal("c27d339ee6075c1f744c5d4b200f7901aad2c369", (string?)external["source"]!["commit"]);
        var internalParameters = definition["internalParameters"]!;
        Assert.Equal("10.0.401", (string?)internalParameters["dotnetSdkVersion"]);
        Assert.Equal("18.9.11", (string?)internalParameters["msbuildVersion"]);
        Assert.Equal("Linux", (string?)internalParameters["os"]);

        var source = definition["resolvedDependencies"]![0]!;
        Assert.Equal("git+https://github.com/contoso/lib@c27d339ee6075c1f744c5d4b200f7901aad2c369", (string?)source["uri"]);
        Assert.Equal("c27d339ee6075c1f744c5d4b200f7901aad2c369", (string?)source["digest"]!["gitCommit"]);

        var run = predicate["runDetails"]!;
        Assert.Equal(BuilderIdentity.LocalBuilderId, (string?)run["builder"]!["id"]);
        Assert.Equal("1.0.0", (string?)run["builder"]!["version"]!["SupplyChain.Sdk"]);
        Assert.Equal("urn:uuid:00000000-0000-4000-8000-000000000001", (string?)run["metadata"]!["invocationId"]);
        Assert.Equal("2026-11-21T09:30:00Z", (string?)run["metadata"]!["startedOn"]);
        Assert.Equal("2026-11-21T09:31:05Z", (string?)run["metadata"]!["finishedOn"]);
    }

    [VectorFact]
    public void BuildPredicate_HasTheMembersOfAPublishedSlsaV1Provenance()
    {
        // The actions/buildtypes example is a complete SLSA v1 provenance as GitHub writes it: ours has the same
        // required members at the same places, so tools written against it find ours.
        var example = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Vector("in-toto-attestation", "slsa-provenance-v1-buildtype-examples", "actions__buildtypes__workflow-v1-example.json")))!;
        var ours = AttestationTestHelpers.Predicate();
        foreach (var path in new[] { "buildDefinition.buildType", "buildDefinition.externalParameters", "buildDefinition.internalParameters", "buildDefinition.resolvedDependencies", "runDetails.builder.id", "runDetails.metadata.invocationId" })
        {
            Assert.NotNull(At(example["predicate"]!, path));
            Assert.NotNull(At(ours, path));
            Assert.Equal(At(example["predicate"]!, path)!.GetValueKind(), At(ours, path)!.GetValueKind());
        }

        var exampleSource = example["predicate"]!["buildDefinition"]!["resolvedDependencies"]![0]!;
        var ourSource = ours["buildDefinition"]!["resolvedDependencies"]![0]!;
        Assert.StartsWith("git+https://", (string?)exampleSource["uri"]);
        Assert.StartsWith("git+https://", (string?)ourSource["uri"]);
        Assert.Equal(((string?)exampleSource["digest"]!["gitCommit"])!.Length, ((string?)ourSource["digest"]!["gitCommit"])!.Length);
    }

    [Fact]
    public void BuildPredicate_WithoutSource_HasNoSourceDependency()
    {
        var predicate = SlsaProvenanceBuilder.BuildPredicate(new SlsaProvenanceRequest
        {
            ProjectPath = "App.csproj",
            PackageId = "App",
            PackageVersion = "1.0.0",
            Builder = BuilderIdentity.Local(),
            StartedOn = AttestationTestHelpers.Started,
            FinishedOn = AttestationTestHelpers.Finished,
        });
        Assert.Empty(predicate["buildDefinition"]!["resolvedDependencies"]!.AsArray());
        Assert.Null(predicate["buildDefinition"]!["externalParameters"]!["source"]);
        Assert.Null(predicate["runDetails"]!["builder"]!["version"]);
    }

    [Theory]
    [InlineData("https://user:ghp_secret@github.com/contoso/lib.git", "https://github.com/contoso/lib.git")]
    [InlineData("https://github.com/contoso/lib?token=abc#frag", "https://github.com/contoso/lib")]
    [InlineData("git+https://github.com/contoso/lib", "git+https://github.com/contoso/lib")]
    [InlineData("git@github.com:contoso/lib.git", "ssh://git@github.com/contoso/lib.git")]
    [InlineData("  https://dev.azure.com/org/project/_git/repo  ", "https://dev.azure.com/org/project/_git/repo")]
    [InlineData("ssh://git@github.com/contoso/lib.git", "ssh://git@github.com/contoso/lib.git")]
    [InlineData("ssh://git:secret@github.com/contoso/lib.git", "ssh://github.com/contoso/lib.git")]
    [InlineData("/home/user/src/lib", null)]
    [InlineData("file:///home/user/src/lib", null)]
    [InlineData("", null)]
    public void SanitizeRepositoryUrl_RemovesCredentialsAndMachinePaths(string url, string? expected)
        => Assert.Equal(expected, SlsaProvenanceBuilder.SanitizeRepositoryUrl(url));

    [Theory]
    [InlineData("C27D339EE6075C1F744C5D4B200F7901AAD2C369", true)]
    [InlineData("c27d339", false)]
    [InlineData("not-a-commit-not-a-commit-not-a-commit-x", false)]
    public void SourceDependency_NeedsAFullCommitId(string commit, bool expected)
    {
        var dependency = SlsaProvenanceBuilder.SourceDependency("https://github.com/contoso/lib", commit);
        Assert.Equal(expected, dependency is not null);
        if (dependency is not null)
        {
            Assert.Equal(commit.ToLowerInvariant(), dependency.Digest["gitCommit"]);
        }
    }

    [Fact]
    public void FormatTimestamp_IsRfc3339Utc()
        => Assert.Equal("2026-11-21T08:00:00Z", SlsaProvenanceBuilder.FormatTimestamp(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.FromHours(2))));

    [Fact]
    public void ResolveNuGetPackages_ListsEveryLockedPackageWithTheSha512OfItsFile()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var packages = temp.Combine("packages");
        var alpha = new TestPackageBuilder("Fixture.Alpha", "1.0.0").WithLibFile("net8.0", "Fixture.Alpha.dll", "alpha").Build();
        var beta = new TestPackageBuilder("Fixture.Beta", "2.0.0").WithLibFile("net8.0", "Fixture.Beta.dll", "beta").Build();
        TestPackagesFolder.Install(packages, "Fixture.Alpha", "1.0.0", alpha);
        TestPackagesFolder.Install(packages, "Fixture.Beta", "2.0.0", beta);
        var project = temp.Combine("App", "App.csproj");
        var assets = new AssetsFileBuilder(project, packages)
            .AddFramework("net10.0")
            .AddFramework("net8.0")
            .AddPackage("net10.0", "Fixture.Beta", "2.0.0", TestPackagesFolder.UnsignedContentHash(beta))
            .AddPackage("net10.0", "Fixture.Alpha", "1.0.0", TestPackagesFolder.UnsignedContentHash(alpha))
            .AddPackage("net8.0", "Fixture.Alpha", "1.0.0", TestPackagesFolder.UnsignedContentHash(alpha))
            .WriteTo(temp.Combine("App", "obj", "project.assets.json"));
        var lockFile = new LockFileBuilder()
            .Add("net10.0", "Fixture.Beta", "Direct", "[2.0.0, )", "2.0.0", TestPackagesFolder.UnsignedContentHash(beta), new Dictionary<string, string> { ["Fixture.Alpha"] = "1.0.0" })
            .Add("net10.0", "Fixture.Alpha", "Transitive", null, "1.0.0", TestPackagesFolder.UnsignedContentHash(alpha))
            .Add("net8.0", "Fixture.Alpha", "Direct", "[1.0.0, )", "1.0.0", TestPackagesFolder.UnsignedContentHash(alpha))
            .Add("net10.0", "app.library", "Project", null, null, null)
            .WriteTo(temp.Combine("App", "packages.lock.json"));

        var resolved = SlsaProvenanceBuilder.ResolveNuGetPackages(lockFile, assets, new DiagnosticBag());

        Assert.Equal(new[] { "Fixture.Alpha", "Fixture.Beta" }, resolved.Select(r => r.Name));
        Assert.Equal("pkg:nuget/Fixture.Alpha@1.0.0", resolved[0].Uri);
        Assert.Equal(Convert.ToHexString(SHA512.HashData(alpha)).ToLowerInvariant(), resolved[0].Digest["sha512"]);
        Assert.Equal(Convert.ToHexString(SHA512.HashData(beta)).ToLowerInvariant(), resolved[1].Digest["sha512"]);
        Assert.Equal(TestPackagesFolder.UnsignedContentHash(beta), (string?)resolved[1].Annotations![SlsaProvenanceBuilder.NuGetContentHashAnnotation]);
        Assert.True(resolved.All(r => r.HasWellFormedDigests()));
    }

    [Fact]
    public void ResolveNuGetPackages_PackageMissingFromTheFolder_IsListedWithoutDigest()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var project = temp.Combine("App", "App.csproj");
        var assets = new AssetsFileBuilder(project, temp.Combine("packages")).AddFramework("net10.0")
            .AddPackage("net10.0", "Fixture.Gone", "1.0.0", "aGFzaA==")
            .WriteTo(temp.Combine("App", "obj", "project.assets.json"));
        var sink = new DiagnosticBag();

        var resolved = SlsaProvenanceBuilder.ResolveNuGetPackages(null, assets, sink);

        var gone = Assert.Single(resolved);
        Assert.Empty(gone.Digest);
        Assert.Equal("pkg:nuget/Fixture.Gone@1.0.0", gone.Uri);
        Assert.Equal("aGFzaA==", (string?)gone.Annotations![SlsaProvenanceBuilder.NuGetContentHashAnnotation]);
        Assert.Contains(sink.TraceMessages, m => m.Contains("Fixture.Gone", StringComparison.Ordinal));
    }

    [Fact]
    public void ResolveNuGetPackages_MalformedLockFile_IsAnError()
    {
        using var temp = new TestDirectory("scsdk-attest");
        var lockFile = temp.Combine("packages.lock.json");
        File.WriteAllText(lockFile, "{ \"version\": 1, \"dependencies\": ");
        CryptoTestHelpers.ExpectCode("SCSDK1001", () => SlsaProvenanceBuilder.ResolveNuGetPackages(lockFile, null, new DiagnosticBag()));
    }

    private static JsonNode? At(JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            current = current?[part];
        }

        return current;
    }
}
