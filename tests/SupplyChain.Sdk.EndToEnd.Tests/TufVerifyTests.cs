using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;
using SupplyChain.TestUtilities;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// Builds that consume only packages a TUF repository signs (SupplyChainTufTrustedRoot, SupplyChainTufRemote). The
/// repository is made at test time by tuf-js (<c>tests/interop/tufjs-make-repo.mjs</c>) over the very package files
/// the consumer restores: the fixture feed's and the packed SDK.
/// </summary>
[Collection(PinningCollection.Name)]
[Trait("Category", "E2E")]
public sealed class TufVerifyTests
{
    private readonly FixtureFeed _feed;

    public TufVerifyTests(FixtureFeed feed)
    {
        _feed = feed;
    }

    [NodeFact]
    public void Build_EveryPackageSigned_Passes_ThenANoOpBuildMakesNoRequest_AndExpiredMetadataIsNotTrusted()
    {
        using var root = E2ERoot.Create("TufSigned", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") });
        var repository = MakeRepository(root, "repo", ("Fixture.Beta", "1.0.0"), ("Fixture.Alpha", "1.0.0"));

        var build = Build(root, project, repository);
        root.AssertSucceeded(build);
        var stamp = root.FullPath("src/App/obj/supplychain/tuf/verified.stamp");
        root.Assert(File.Exists(stamp), "a verified build writes its stamp", build);
        root.Assert(Directory.GetFiles(root.FullPath("src/App/obj/supplychain/tuf/metadata"), "timestamp.json", SearchOption.AllDirectories).Length == 1, "the verified metadata is kept in the intermediate folder", build);
        // The remote may carry credentials or a SAS token: obj/ keeps only its hash (CI often uploads obj/).
        var settings = File.ReadAllText(root.FullPath("src/App/obj/supplychain/tuf/tuf.settings"));
        root.Assert(settings.Contains("RemoteHash=", StringComparison.Ordinal) && !settings.Contains(repository, StringComparison.Ordinal), "the settings file holds a hash of the remote, never its text", build);

        // Without the repository, a no-op build still passes: it made no request.
        Directory.Move(repository, repository + "-offline");
        var noOp = Build(root, project, repository, "--no-restore");
        root.AssertSucceeded(noOp);

        // Once the verified metadata is past its expiry, it is not trusted: the client runs again, which needs the
        // repository (gone: the build fails), and passes once the repository is back.
        var lines = File.ReadAllLines(stamp);
        lines[1] = "valid-until " + DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks;
        File.WriteAllLines(stamp, lines);
        var expired = Build(root, project, repository, "--no-restore");
        root.AssertFailedWith(expired, "SCSDK4206");
        Directory.Move(repository + "-offline", repository);
        root.AssertSucceeded(Build(root, project, repository, "--no-restore"));
        root.Assert(File.ReadAllLines(stamp)[1] != lines[1], "the new verification writes a new stamp");
    }

    [NodeFact]
    public void Build_PackageTheRepositoryDoesNotSign_FailsWithSCSDK4210NamingIt()
    {
        using var root = E2ERoot.Create("TufUnsigned", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") });
        var repository = MakeRepository(root, "repo", ("Fixture.Beta", "1.0.0"));

        var build = Build(root, project, repository);

        var error = root.AssertFailedWith(build, "SCSDK4210");
        root.Assert(error.Message.Contains("Fixture.Alpha", StringComparison.Ordinal) && error.File == root.FullPath("src/App/packages.lock.json"), "SCSDK4210 names the unsigned package and the lock file", build);
        root.Assert(build.Errors.All(e => !e.Message.Contains("Fixture.Beta", StringComparison.Ordinal)), "the signed package passes", build);
    }

    [NodeFact]
    public void Build_NupkgSwappedInThePackagesFolder_FailsWithSCSDK4211()
    {
        using var root = E2ERoot.Create("TufSwapped", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Alpha", (string?)"1.0.0") }, extraProperties: "<SupplyChainVerifyPackageHashes>false</SupplyChainVerifyPackageHashes>");
        var repository = MakeRepository(root, "repo", ("Fixture.Alpha", "1.0.0"));
        root.AssertSucceeded(Build(root, project, repository));

        // Another package's bytes under the signed name, with the old modification time.
        var nupkg = Path.Combine(root.PackagesPath, "fixture.alpha", "1.0.0", "fixture.alpha.1.0.0.nupkg");
        var modified = File.GetLastWriteTimeUtc(nupkg);
        File.Copy(Path.Combine(_feed.Path, TestPackageBuilder.FileNameOf("Fixture.Alpha", "1.1.0")), nupkg, overwrite: true);
        File.SetLastWriteTimeUtc(nupkg, modified);
        var build = Build(root, project, repository, "--no-restore");

        var error = root.AssertFailedWith(build, "SCSDK4211");
        root.Assert(error.File == nupkg, "SCSDK4211 names the swapped .nupkg", build);
    }

    [NodeFact]
    public void Build_TrustedRootThatIsAPublicKey_FailsWithSCSDK4216NamingTheProjectsFile()
    {
        using var root = E2ERoot.Create("TufRootIsAKey", _feed);
        var project = Consumer.Write(root, "App", new[] { ("Fixture.Beta", (string?)"1.0.0") });
        var repository = MakeRepository(root, "repo", ("Fixture.Beta", "1.0.0"));

        // A public key where the root.json belongs: a usage mistake named as the project gives it, not a copy in obj/.
        var keyFile = root.FullPath("trusted-root.json");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(keyFile, key.ExportSubjectPublicKeyInfoPem());
        }

        var build = Build(root, project, repository);

        var error = root.AssertFailedWith(build, "SCSDK4216");
        root.Assert(error.File == keyFile, "SCSDK4216 names the trusted root the project gives", build);
        root.Assert(error.Message.Contains("not TUF root metadata", StringComparison.Ordinal), "the message says what the file is not", build);
    }

    private static ProcessResult Build(E2ERoot root, string project, string repository, params string[] extra)
        => root.DotNet("build", new[] { project, "-p:SupplyChainTufTrustedRoot=" + root.FullPath("trusted-root.json"), "-p:SupplyChainTufRemote=" + repository }.Concat(extra).ToArray());

    // A repository signing the SDK package and the given fixture packages at their flat-container paths.
    private string MakeRepository(E2ERoot root, string name, params (string Id, string Version)[] packages)
    {
        var output = root.FullPath(name);
        var arguments = new List<string> { output, "valid" };
        var files = packages.Select(p => (p.Id, p.Version, File: Path.Combine(_feed.Path, TestPackageBuilder.FileNameOf(p.Id, p.Version))))
            .Append(("SupplyChain.Sdk", TestEnvironment.PackageVersion, TestEnvironment.SdkPackagePath));
        foreach (var (id, version, file) in files)
        {
            var stem = $"{id.ToLowerInvariant()}.{version.ToLowerInvariant()}";
            arguments.Add("--target");
            arguments.Add($"{id.ToLowerInvariant()}/{version.ToLowerInvariant()}/{stem}.nupkg={file}");
        }

        var result = NodeInterop.RunScript("tufjs-make-repo.mjs", arguments, TimeSpan.FromMinutes(2));
        root.Assert(result.ExitCode == 0, "tuf-js wrote the repository", result);

        // The root to trust is distributed out of band: a copy beside the projects.
        File.Copy(Path.Combine(output, "root.json"), root.FullPath("trusted-root.json"), overwrite: true);
        return output;
    }
}
