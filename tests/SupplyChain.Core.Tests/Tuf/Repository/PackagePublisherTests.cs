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

    private static string Save(SigningKey key, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        KeyGenerator.WriteKeyFiles(key, path);
        return path;
    }
}
