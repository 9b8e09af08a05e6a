using System;
using System.IO;
using System.Linq;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf.Repository;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Repository;

public sealed class PackagePublisherTests
{
    [Fact]
    public void Publish_AddsPackagesWithTheirSidecars_PublishesWithBothKeys_AndAnUnchangedPackWritesNothing()
    {
        using var kit = new RepositoryTestKit(bins: 8);
        kit.Init();
        var keys = Path.Combine(kit.Sources, "keys");
        var binsKey = Save(kit.BinsKey, keys, "bins.pem");
        var snapshotKey = Save(kit.SnapshotKey, keys, "snapshot.pem");
        var timestampKey = Save(kit.TimestampKey, keys, "timestamp.pem");
        var nupkg = Path.Combine(kit.Sources, "Contoso.Lib.1.2.3.nupkg");
        File.Move(new TestPackageBuilder("Contoso.Lib", "1.2.3").WithLibFile("net8.0", "Contoso.Lib.dll", "x").WriteTo(kit.Sources), nupkg);
        var sbom = Path.Combine(kit.Sources, "Contoso.Lib.1.2.3.cdx.json");
        File.WriteAllText(sbom, "{}");
        var unrelated = Path.Combine(kit.Sources, "Other.9.9.9.cdx.json");
        File.WriteAllText(unrelated, "{}");
        var request = new PackagePublishRequest { Repository = kit.Path, Packages = new[] { nupkg }, Sidecars = new[] { sbom, unrelated }, TargetsKey = binsKey };

        var pending = PackagePublisher.Publish(request, new DiagnosticBag());
        Assert.Equal(new[] { "contoso.lib/1.2.3/contoso.lib.1.2.3.nupkg", "contoso.lib/1.2.3/contoso.lib.1.2.3.cdx.json" }, pending.Targets.Select(t => t.TargetPath));
        Assert.Null(pending.Published);
        Assert.NotEmpty(pending.Pending);
        Assert.Empty(kit.Verify());

        var released = PackagePublisher.Publish(request with { SnapshotKey = snapshotKey, TimestampKey = timestampKey }, new DiagnosticBag());
        Assert.All(released.Targets, t => Assert.False(t.IsChanged));
        Assert.NotNull(released.Published);
        Assert.Equal(2, kit.Verify().Count);

        var again = PackagePublisher.Publish(request with { SnapshotKey = snapshotKey, TimestampKey = timestampKey }, new DiagnosticBag());
        Assert.Null(again.Published);
        Assert.Empty(again.Pending);
    }

    [Fact]
    public void Publish_WithoutTheTargetsKeyOrWithOnlyOneReleaseKey_IsAConfigurationError()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        var snapshotKey = Save(kit.SnapshotKey, Path.Combine(kit.Sources, "keys"), "snapshot.pem");
        var request = new PackagePublishRequest { Repository = kit.Path, Packages = Array.Empty<string>() };
        var noKey = Assert.Throws<SupplyChainException>(() => PackagePublisher.Publish(request, new DiagnosticBag()));
        Assert.Equal("SCSDK4106", noKey.Diagnostic.Code);
        Assert.Contains("SupplyChainTufTargetsKey", noKey.Diagnostic.Message, StringComparison.Ordinal);
        var half = Assert.Throws<SupplyChainException>(() => PackagePublisher.Publish(request with { TargetsKey = snapshotKey, SnapshotKey = snapshotKey }, new DiagnosticBag()));
        Assert.Contains("SupplyChainTufTimestampKey", half.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Contoso.Victim", "1.2.3")]
    [InlineData("Contoso.Lib", "9.9.9")]
    public void Publish_APackageWhoseNuspecIsNotTheProjectsIdAndVersion_IsRefusedBeforeTheRepositoryIsTouched(string id, string version)
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        var targetsKey = Save(kit.TargetsKey, Path.Combine(kit.Sources, "keys"), "targets.pem");
        var crafted = new TestPackageBuilder(id, version).WithLibFile("net8.0", "Contoso.Lib.dll", "x").WriteTo(Path.Combine(kit.Sources, "out"));
        var before = kit.Files();
        var request = new PackagePublishRequest { Repository = kit.Path, Packages = new[] { crafted }, TargetsKey = targetsKey, ExpectedId = "Contoso.Lib", ExpectedVersion = "1.2.3" };

        var refused = Assert.Throws<SupplyChainException>(() => PackagePublisher.Publish(request, new DiagnosticBag()));
        Assert.Equal("SCSDK4116", refused.Diagnostic.Code);
        Assert.Contains($"'{id} {version}'", refused.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("'Contoso.Lib 1.2.3'", refused.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(before, kit.Files());
    }

    [Fact]
    public void Publish_ThePackageTheProjectPacked_MatchesIgnoringIdCaseAndVersionForm()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        var targetsKey = Save(kit.TargetsKey, Path.Combine(kit.Sources, "keys"), "targets.pem");
        var package = new TestPackageBuilder("Contoso.Lib", "1.2.0").WithLibFile("net8.0", "Contoso.Lib.dll", "x").WriteTo(Path.Combine(kit.Sources, "out"));
        var request = new PackagePublishRequest { Repository = kit.Path, Packages = new[] { package }, TargetsKey = targetsKey, ExpectedId = "contoso.lib", ExpectedVersion = "1.2+ci.5" };
        var result = PackagePublisher.Publish(request, new DiagnosticBag());
        Assert.Equal("contoso.lib/1.2.0/contoso.lib.1.2.0.nupkg", Assert.Single(result.Targets).TargetPath);
    }

    [Fact]
    public void Publish_AVersionPublishedWithOtherBytes_FailsByDefault_AndSkipDuplicateKeepsTheFirstWithAWarning()
    {
        using var kit = new RepositoryTestKit();
        kit.Init();
        var keys = Path.Combine(kit.Sources, "keys");
        var request = new PackagePublishRequest
        {
            Repository = kit.Path,
            Packages = new[] { new TestPackageBuilder("Contoso.Lib", "1.2.3").WithLibFile("net8.0", "Contoso.Lib.dll", "first").WriteTo(Path.Combine(kit.Sources, "first")) },
            TargetsKey = Save(kit.TargetsKey, keys, "targets.pem"),
            SnapshotKey = Save(kit.SnapshotKey, keys, "snapshot.pem"),
            TimestampKey = Save(kit.TimestampKey, keys, "timestamp.pem"),
        };
        PackagePublisher.Publish(request, new DiagnosticBag());
        var first = kit.Verify()["contoso.lib/1.2.3/contoso.lib.1.2.3.nupkg"].Hashes["sha256"];
        var changed = request with { Packages = new[] { new TestPackageBuilder("Contoso.Lib", "1.2.3").WithLibFile("net8.0", "Contoso.Lib.dll", "second").WriteTo(Path.Combine(kit.Sources, "second")) } };

        var refused = Assert.Throws<SupplyChainException>(() => PackagePublisher.Publish(changed, new DiagnosticBag()));
        Assert.Equal("SCSDK4115", refused.Diagnostic.Code);

        var bag = new DiagnosticBag();
        var skipped = PackagePublisher.Publish(changed with { SkipDuplicate = true }, bag);
        Assert.Equal("SCSDK4602", Assert.Single(bag.Diagnostics).Code);
        Assert.Null(skipped.Published);
        Assert.Equal(first, kit.Verify()["contoso.lib/1.2.3/contoso.lib.1.2.3.nupkg"].Hashes["sha256"]);
    }

    private static string Save(SigningKey key, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        KeyGenerator.WriteKeyFiles(key, path);
        return path;
    }
}
