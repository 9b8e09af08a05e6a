using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>The build's check: every package of the lock file is a verified target, and its .nupkg is that target.</summary>
public class PackageTargetVerifierTests
{
    [Fact]
    public void SignedPackage_WithTheSameBytes_Verifies_AndItsStampStaysCurrentUntilTheMetadataExpires()
    {
        using var setup = new Setup();
        var nupkg = setup.AddPackage("Contoso.Lib", "1.2.0", sign: true);
        var (result, sink) = setup.Verify();

        Assert.True(result.IsValid, string.Join("\n", sink.Diagnostics));
        var package = Assert.Single(result.Packages);
        Assert.Equal(("contoso.lib/1.2.0/contoso.lib.1.2.0.nupkg", "hashes"), (package.TargetPath, package.MatchedBy));
        Assert.Equal(RepositorySimulator.Now.AddDays(365), result.ValidUntil);

        var stamp = setup.Directory.Combine("stamp");
        TufVerificationStamp.Write(stamp, result);
        Assert.True(TufVerificationStamp.IsCurrent(stamp, RepositorySimulator.Now, out _));
        Assert.False(TufVerificationStamp.IsCurrent(stamp, result.ValidUntil!.Value, out var expired));
        Assert.Contains("expired", expired, StringComparison.Ordinal);
        File.AppendAllText(nupkg, "!");
        Assert.False(TufVerificationStamp.IsCurrent(stamp, RepositorySimulator.Now, out var changed));
        Assert.Contains("changed", changed, StringComparison.Ordinal);
    }

    [Fact]
    public void PackageTheRepositoryDoesNotSign_IsSCSDK4210AtItsLockFileLine()
    {
        using var setup = new Setup();
        setup.AddPackage("Contoso.Lib", "1.2.0", sign: true);
        setup.AddPackage("Contoso.Other", "2.0.0", sign: false);
        var (result, sink) = setup.Verify();

        Assert.False(result.IsValid);
        var diagnostic = Assert.Single(sink.Diagnostics);
        Assert.Equal("SCSDK4210", diagnostic.Code);
        Assert.Equal(setup.LockFilePath, diagnostic.File);
        Assert.True(diagnostic.Line > 0);
        Assert.Contains("contoso.other/2.0.0/contoso.other.2.0.0.nupkg", diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(result.ValidUntil);
    }

    [Fact]
    public void PackageWhoseBytesDiffer_IsSCSDK4211()
    {
        using var setup = new Setup();
        var nupkg = setup.AddPackage("Contoso.Lib", "1.2.0", sign: true);
        File.WriteAllBytes(nupkg, new TestPackageBuilder("Contoso.Lib", "1.2.0").WithDescription("another build").Build());
        var (result, sink) = setup.Verify();

        Assert.False(result.IsValid);
        var diagnostic = Assert.Single(sink.Diagnostics);
        Assert.Equal("SCSDK4211", diagnostic.Code);
        Assert.Equal(nupkg, diagnostic.File);
    }

    [Fact]
    public void PackageReSignedByTheFeed_VerifiesByTheContentHashInCustom()
    {
        using var setup = new Setup();
        var nupkg = setup.AddPackage("Contoso.Lib", "1.2.0", sign: true, withContentHash: true);
        File.WriteAllBytes(nupkg, TestPackageSigner.AppendSignatureEntry(File.ReadAllBytes(nupkg), new byte[] { 1, 2, 3 }));
        var (result, sink) = setup.Verify();

        Assert.True(result.IsValid, string.Join("\n", sink.Diagnostics));
        Assert.Equal("contentHash", Assert.Single(result.Packages).MatchedBy);

        // Without the content hash in custom, the same file does not verify.
        using var plain = new Setup();
        var other = plain.AddPackage("Contoso.Lib", "1.2.0", sign: true);
        File.WriteAllBytes(other, TestPackageSigner.AppendSignatureEntry(File.ReadAllBytes(other), new byte[] { 1, 2, 3 }));
        Assert.Equal("SCSDK4211", Assert.Single(plain.Verify().Sink.Diagnostics).Code);
    }

    [Fact]
    public void PackageMissingFromThePackagesFolder_IsSCSDK4212()
    {
        using var setup = new Setup();
        File.Delete(setup.AddPackage("Contoso.Lib", "1.2.0", sign: true));
        Assert.Equal("SCSDK4212", Assert.Single(setup.Verify().Sink.Diagnostics).Code);
    }

    [Fact]
    public void ExpiredRepositoryMetadata_IsReportedWithTheFile()
    {
        using var setup = new Setup();
        setup.AddPackage("Contoso.Lib", "1.2.0", sign: true);
        setup.Repository.Timestamp.Expires = RepositorySimulator.Now.AddDays(-1);
        var (result, sink) = setup.Verify();

        Assert.False(result.IsValid);
        var diagnostic = Assert.Single(sink.Diagnostics);
        Assert.Equal("SCSDK4007", diagnostic.Code);
        Assert.EndsWith("timestamp.json", diagnostic.File, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLockFile_IsSCSDK4214()
    {
        using var setup = new Setup();
        setup.AddPackage("Contoso.Lib", "1.2.0", sign: true);
        File.Delete(setup.LockFilePath);
        Assert.Equal("SCSDK4214", Assert.Single(setup.Verify().Sink.Diagnostics).Code);
    }

    /// <summary>A simulated repository written to a folder, a packages folder and a lock file.</summary>
    private sealed class Setup : IDisposable
    {
        private readonly LockFileBuilder _lock = new LockFileBuilder().AddSection("net8.0");

        public Setup()
        {
            Directory = new TestDirectory("tufpkg");
        }

        public TestDirectory Directory { get; }

        public RepositorySimulator Repository { get; } = new();

        public Dictionary<string, byte[]> Targets { get; } = new(StringComparer.Ordinal);

        public string LockFilePath => Directory.Combine("project", "packages.lock.json");

        public string PackagesFolder => Directory.Combine("packages");

        public string AddPackage(string id, string version, bool sign, bool withContentHash = false)
        {
            var bytes = new TestPackageBuilder(id, version).Build();
            var stem = id.ToLowerInvariant() + "." + version;
            var path = Path.Combine(PackagesFolder, id.ToLowerInvariant(), version, stem + ".nupkg");
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            var hashes = PackageContentHash.Compute(path);
            _lock.Add("net8.0", id, "Direct", "[" + version + "]", version, hashes.ContentHash);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(LockFilePath)!);
            _lock.WriteTo(LockFilePath);
            if (sign)
            {
                var targetPath = $"{id.ToLowerInvariant()}/{version}/{stem}.nupkg";
                var target = TargetFile.FromBytes(targetPath, bytes);
                if (withContentHash)
                {
                    target.Custom = new JsonObject { ["nuget"] = new JsonObject { ["contentHash"] = hashes.ContentHash } };
                }

                Repository.Targets.AddTarget(target);
                Targets[$"{id.ToLowerInvariant()}/{version}/{target.Hashes["sha256"]}.{stem}.nupkg"] = bytes;
            }

            return path;
        }

        public (PackageTargetResult Result, DiagnosticBag Sink) Verify()
        {
            Repository.PublishAll();
            var remote = Directory.Combine("remote");
            if (System.IO.Directory.Exists(remote))
            {
                System.IO.Directory.Delete(remote, recursive: true);
            }

            for (var v = 1; v <= Repository.PublishedRoots.Count; v++)
            {
                Write(Path.Combine(remote, "metadata", v + ".root.json"), Repository.PublishedRoots[v - 1]);
            }

            Write(Path.Combine(remote, "metadata", "timestamp.json"), Repository.Published[TufRoles.Timestamp]);
            Write(Path.Combine(remote, "metadata", Repository.Snapshot.Version + ".snapshot.json"), Repository.Published[TufRoles.Snapshot]);
            Write(Path.Combine(remote, "metadata", Repository.Targets.Version + ".targets.json"), Repository.Published[TufRoles.Targets]);
            foreach (var (path, bytes) in Targets)
            {
                Write(Path.Combine(remote, "targets", path), bytes);
            }

            var trusted = Directory.Combine("trusted-root.json");
            File.WriteAllBytes(trusted, Repository.PublishedRoots[0]);
            var sink = new DiagnosticBag();
            var request = new PackageTargetRequest(LockFilePath, PackagesFolder, trusted, remote, Directory.Combine("state")) { TimeProvider = new FixedTimeProvider(RepositorySimulator.Now) };
            var result = PackageTargetVerifier.VerifyAsync(request, sink).GetAwaiter().GetResult();
            return (result, sink);
        }

        public void Dispose() => Directory.Dispose();

        private static void Write(string path, byte[] bytes)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }
}
