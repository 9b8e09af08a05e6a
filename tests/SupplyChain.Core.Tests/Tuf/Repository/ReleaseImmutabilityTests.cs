using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf.Repository;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Repository;

/// <summary>A published package version is immutable: as on a NuGet feed, a version is released once.</summary>
public sealed class ReleaseImmutabilityTests
{
    private const string PackagePath = "contoso.lib/1.2.3/contoso.lib.1.2.3.nupkg";
    private const string SbomPath = "contoso.lib/1.2.3/contoso.lib.1.2.3.cdx.json";

    [Theory]
    [MemberData(nameof(StoreKinds.NoBinsAndEight), MemberType = typeof(StoreKinds))]
    public void Add_APackageVersionListedWithOtherBytes_IsRefusedNamingTheTargetAndBothHashes_AndWritesNothing(string storage, int bins)
    {
        using var kit = new RepositoryTestKit(bins, storage: storage);
        kit.Init();
        var first = Package(kit, "Contoso.Lib", "1.2.3", "first");
        Publish(kit, PackageTargets.ForPackage(first, new[] { Sidecar(first, "cdx.json", "sbom-1") }));
        var listed = kit.Verify()[PackagePath].Hashes["sha256"];
        var before = kit.Files();

        var second = Package(kit, "Contoso.Lib", "1.2.3", "second");
        using var editor = kit.Open();
        var refused = Assert.Throws<SupplyChainException>(() => editor.AddTargets(PackageTargets.ForPackage(second, new[] { Sidecar(second, "cdx.json", "sbom-2") }), new[] { kit.AddKey }));

        Assert.Equal("SCSDK4115", refused.Diagnostic.Code);
        Assert.Contains(PackagePath, refused.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(listed, refused.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(Sha256(second), refused.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("--skip-duplicate", refused.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("--replace", refused.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(before, kit.Files());
        Assert.Empty(editor.PendingRoles);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Add_TheSamePackageBytesAgain_IsANoOp_AndKeepsTheListedSidecarsEvenWhenTheNewOnesDiffer(string storage)
    {
        // A deterministic re-pack gives the same .nupkg, but attestation signatures are randomised: the release is
        // judged by its package, and the SBOM and attestations first published stay.
        using var kit = new RepositoryTestKit(bins: 8, storage: storage);
        kit.Init();
        var package = Package(kit, "Contoso.Lib", "1.2.3", "same");
        Publish(kit, PackageTargets.ForPackage(package, new[] { Sidecar(package, "cdx.json", "sbom-1") }));
        var listedSbom = kit.Verify()[SbomPath].Hashes["sha256"];
        var before = kit.Files();

        var bag = new DiagnosticBag();
        using var editor = OpenWith(kit, bag);
        var again = editor.AddTargets(
            PackageTargets.ForPackage(package, new[] { Sidecar(package, "cdx.json", "sbom-2"), Sidecar(package, "intoto.jsonl", "new") }),
            new[] { kit.AddKey });

        Assert.Empty(again.SignedRoles);
        Assert.Empty(again.PendingRoles);
        Assert.All(again.Targets, t => Assert.Equal(TargetOutcome.Unchanged, t.Outcome));
        Assert.Equal(before, kit.Files());
        Assert.Equal(listedSbom, kit.Verify()[SbomPath].Hashes["sha256"]);
        Assert.DoesNotContain("contoso.lib/1.2.3/contoso.lib.1.2.3.intoto.jsonl", kit.Verify().Keys);
        Assert.Empty(bag.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Add_SkipDuplicate_KeepsThePublishedReleaseWithAWarning_AndSignsNothing(string storage)
    {
        using var kit = new RepositoryTestKit(storage: storage);
        kit.Init();
        var first = Package(kit, "Contoso.Lib", "1.2.3", "first");
        Publish(kit, PackageTargets.ForPackage(first, new[] { Sidecar(first, "cdx.json", "sbom-1") }));
        var listed = kit.Verify()[PackagePath].Hashes["sha256"];
        var before = kit.Files();

        var second = Package(kit, "Contoso.Lib", "1.2.3", "second");
        var bag = new DiagnosticBag();
        using var editor = OpenWith(kit, bag);
        var result = editor.AddTargets(PackageTargets.ForPackage(second, new[] { Sidecar(second, "cdx.json", "sbom-2") }), new[] { kit.AddKey }, ExistingReleasePolicy.SkipDuplicate);

        Assert.Empty(result.SignedRoles);
        Assert.All(result.Targets, t => Assert.Equal(TargetOutcome.Skipped, t.Outcome));
        Assert.Equal(listed, result.Targets[0].ListedSha256);
        var warning = Assert.Single(bag.Diagnostics);
        Assert.Equal("SCSDK4602", warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains(PackagePath, warning.Message, StringComparison.Ordinal);
        Assert.Contains(listed, warning.Message, StringComparison.Ordinal);
        Assert.Contains(Sha256(second), warning.Message, StringComparison.Ordinal);
        Assert.Equal(before, kit.Files());
        Assert.Equal(listed, kit.Verify()[PackagePath].Hashes["sha256"]);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Add_Replace_ReplacesThePackageAndItsSidecars_WithAWarningNamingBothHashes(string storage)
    {
        using var kit = new RepositoryTestKit(bins: 4, storage: storage);
        kit.Init();
        var first = Package(kit, "Contoso.Lib", "1.2.3", "first");
        Publish(kit, PackageTargets.ForPackage(first, new[] { Sidecar(first, "cdx.json", "sbom-1") }));
        var listed = kit.Verify()[PackagePath].Hashes["sha256"];

        var second = Package(kit, "Contoso.Lib", "1.2.3", "second");
        var bag = new DiagnosticBag();
        using (var editor = OpenWith(kit, bag))
        {
            var result = editor.AddTargets(PackageTargets.ForPackage(second, new[] { Sidecar(second, "cdx.json", "sbom-2") }), new[] { kit.AddKey }, ExistingReleasePolicy.Replace);
            Assert.All(result.Targets, t => Assert.Equal(TargetOutcome.Replaced, t.Outcome));
            editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
        }

        var warning = Assert.Single(bag.Diagnostics);
        Assert.Equal("SCSDK4603", warning.Code);
        Assert.Contains(listed, warning.Message, StringComparison.Ordinal);
        Assert.Contains(Sha256(second), warning.Message, StringComparison.Ordinal);
        var now = kit.Verify();
        Assert.Equal(Sha256(second), now[PackagePath].Hashes["sha256"]);
        Assert.Equal(Sha256(Sidecar(second, "cdx.json", "sbom-2")), now[SbomPath].Hashes["sha256"]);
    }

    [Theory]
    [InlineData("contoso.lib", "1.2.3")]
    [InlineData("CONTOSO.LIB", "1.2.3+build.7")]
    [InlineData("Contoso.Lib", "01.2.3")]
    public void Add_APackageWhoseIdDiffersInCaseOrWhoseVersionIsWrittenOtherwise_IsTheSameRelease_AndIsRefused(string id, string version)
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        Publish(kit, PackageTargets.ForPackage(Package(kit, "Contoso.Lib", "1.2.3", "first")));

        var crafted = Package(kit, id, version, "crafted");
        using var editor = kit.Open();
        var refused = Assert.Throws<SupplyChainException>(() => editor.AddTargets(PackageTargets.ForPackage(crafted), new[] { kit.AddKey }));
        Assert.Equal("SCSDK4115", refused.Diagnostic.Code);
        Assert.Contains(PackagePath, refused.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Add_APlainFileAtAPathThatAPublishedReleaseOwns_IsRefused_ButPlainFilesStillReplacePlainFiles(string storage)
    {
        using var kit = new RepositoryTestKit(storage: storage);
        kit.Init();
        var package = Package(kit, "Contoso.Lib", "1.2.3", "first");
        Publish(kit, PackageTargets.ForPackage(package, new[] { Sidecar(package, "cdx.json", "sbom-1") }));
        kit.AddAndPublish(kit.File("notes.txt", "one"));

        using var editor = kit.Open();
        var overPackage = Assert.Throws<SupplyChainException>(() => editor.AddTargets(new[] { kit.File(PackagePath, "evil") }, new[] { kit.AddKey }));
        Assert.Equal("SCSDK4115", overPackage.Diagnostic.Code);
        var overSbom = Assert.Throws<SupplyChainException>(() => editor.AddTargets(new[] { kit.File(SbomPath, "forged sbom") }, new[] { kit.AddKey }));
        Assert.Equal("SCSDK4115", overSbom.Diagnostic.Code);
        Assert.Contains(SbomPath, overSbom.Diagnostic.Message, StringComparison.Ordinal);

        var plain = editor.AddTargets(new[] { kit.File("notes.txt", "two") }, new[] { kit.AddKey });
        Assert.Equal(TargetOutcome.Added, Assert.Single(plain.Targets).Outcome);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Add_TwoConcurrentWritersOfOneVersionWithOtherBytes_OnlyOneWins(string storage)
    {
        using var kit = new RepositoryTestKit(storage: storage);
        kit.Init();
        var packages = new[] { Package(kit, "Contoso.Lib", "1.2.3", "writer-a"), Package(kit, "Contoso.Lib", "1.2.3", "writer-b") };
        using var start = new Barrier(2);
        var outcomes = packages.Select(package => Task.Run(() =>
        {
            start.SignalAndWait();
            try
            {
                using var editor = kit.Open();
                editor.AddTargets(PackageTargets.ForPackage(package), new[] { kit.AddKey });
                editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
                return "won";
            }
            catch (SupplyChainException ex)
            {
                return ex.Diagnostic.Code;
            }
        })).ToArray();
        var results = await Task.WhenAll(outcomes);

        Assert.Equal(new[] { "SCSDK4115", "won" }, results.OrderBy(o => o, StringComparer.Ordinal));
        var winner = packages[Array.IndexOf(results, "won")];
        Assert.Equal(Sha256(winner), kit.Verify()[PackagePath].Hashes["sha256"]);
    }

    private static RepositoryEditor OpenWith(RepositoryTestKit kit, IDiagnosticSink sink)
        => RepositoryEditor.Open(kit.Path, new RepositoryOptions { TimeProvider = kit.Clock, LockTimeout = TimeSpan.FromSeconds(30), Sink = sink, BlobStorage = BlobTestContainers.FastRetries });

    private static string Package(RepositoryTestKit kit, string id, string version, string content)
        => new TestPackageBuilder(id, version).WithLibFile("net8.0", "Contoso.Lib.dll", content).WriteTo(Path.Combine(kit.Sources, Guid.NewGuid().ToString("N")));

    /// <summary>A file beside the package named after it (<c>STEM.SUFFIX</c>).</summary>
    private static string Sidecar(string package, string suffix, string content)
    {
        var path = Path.Combine(Path.GetDirectoryName(package)!, Path.GetFileNameWithoutExtension(package) + "." + suffix);
        File.WriteAllText(path, content);
        return path;
    }

    private static void Publish(RepositoryTestKit kit, IEnumerable<TargetRequest> requests)
    {
        using var editor = kit.Open();
        editor.AddTargets(requests, new[] { kit.AddKey });
        editor.Publish(new[] { kit.SnapshotKey }, new[] { kit.TimestampKey });
    }

    private static string Sha256(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
}
