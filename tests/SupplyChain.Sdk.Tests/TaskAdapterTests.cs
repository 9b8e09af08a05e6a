using System;
using System.IO;
using System.Linq;
using SupplyChain.Sdk.Tasks;

namespace SupplyChain.Sdk.Tests;

/// <summary>
/// The five tasks that had no unit test: each is a request, one Core call and outputs; these prove the adapter's part
/// (settings read once, stale outputs removed, cancellation honoured, findings logged with their codes).
/// </summary>
public sealed class TaskAdapterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scsdk-tasks-" + Guid.NewGuid().ToString("N"));

    public TaskAdapterTests()
    {
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void GenerateCycloneDxSbom_InvalidSpecVersion_LogsSCSDK6000AndDeletesTheStaleSbom()
    {
        var output = Path.Combine(_folder, "App.cdx.json");
        File.WriteAllText(output, "{\"stale\":true}");
        var engine = new MockBuildEngine();
        var task = new GenerateCycloneDxSbom
        {
            BuildEngine = engine,
            ProjectPath = Path.Combine(_folder, "App.csproj"),
            AssetsFilePath = Path.Combine(_folder, "project.assets.json"),
            OutputPath = output,
            SpecVersion = "2.0",
        };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("SCSDK6000", error.Code);
        Assert.Contains("SupplyChainSbomSpecVersion", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Null(task.Sbom);
    }

    [Fact]
    public void GenerateCycloneDxSbom_MissingAssetsFile_FailsWithACodeAndDeletesTheStaleSbom()
    {
        var output = Path.Combine(_folder, "App.cdx.json");
        File.WriteAllText(output, "{\"stale\":true}");
        var engine = new MockBuildEngine();
        var task = new GenerateCycloneDxSbom { BuildEngine = engine, ProjectPath = Path.Combine(_folder, "App.csproj"), AssetsFilePath = Path.Combine(_folder, "missing.assets.json"), OutputPath = output };

        Assert.False(task.Execute());
        Assert.NotEmpty(engine.Errors);
        Assert.All(engine.Errors, e => Assert.Matches("^SCSDK[0-8][0-9]{3}$", e.Code));
        Assert.False(File.Exists(output));
        Assert.Null(task.Sbom);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public void AttestPackage_SigningTimeoutOutOfRange_LogsSCSDK6000AndDeletesEarlierAttestations(string timeout)
    {
        var package = Path.Combine(_folder, "Contoso.A.1.0.0.nupkg");
        File.WriteAllText(package, "not signed");
        var statements = Path.Combine(_folder, "Contoso.A.1.0.0.intoto.jsonl");
        var bundle = Path.Combine(_folder, "Contoso.A.1.0.0.provenance.sigstore.json");
        File.WriteAllText(statements, "{}");
        File.WriteAllText(bundle, "{}");
        var engine = new MockBuildEngine();
        var task = new AttestPackage
        {
            BuildEngine = engine,
            Packages = new[] { new Microsoft.Build.Utilities.TaskItem(package) },
            ProjectPath = Path.Combine(_folder, "A.csproj"),
            PackageId = "Contoso.A",
            PackageVersion = "1.0.0",
            SigningCommand = "never-run",
            SigningTimeout = timeout,
        };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("SCSDK6000", error.Code);
        Assert.Contains("SupplyChainSigningTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 1 to 3600", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(statements));
        Assert.False(File.Exists(bundle));
        Assert.Empty(task.Attestations);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void AddTufTargets_InvalidLockTimeout_LogsSCSDK6000BeforeTheRepositoryIsOpened(string timeout)
    {
        var repository = Path.Combine(_folder, "repo");
        var engine = new MockBuildEngine();
        var task = new AddTufTargets
        {
            BuildEngine = engine,
            Repository = repository,
            Packages = new[] { new Microsoft.Build.Utilities.TaskItem(Path.Combine(_folder, "Contoso.A.1.0.0.nupkg")) },
            LockTimeout = timeout,
        };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("SCSDK6000", error.Code);
        Assert.Contains("SupplyChainTufLockTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("a number of seconds", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(repository));
        Assert.Empty(task.Targets);
    }

    [Theory]
    [InlineData("root.json", null, "SupplyChainTufTrustedRoot")]
    [InlineData(null, "https://tuf.example", "SupplyChainTufRemote")]
    public void VerifyTufTargets_OnlyOneOfTheTwoSettings_LogsSCSDK4213(string? root, string? remote, string setSetting)
    {
        var engine = new MockBuildEngine();
        var task = new VerifyTufTargets
        {
            BuildEngine = engine,
            TrustedRoot = root,
            Remote = remote,
            LockFilePath = Path.Combine(_folder, "packages.lock.json"),
            PackagesFolder = _folder,
            StateDirectory = Path.Combine(_folder, "state"),
            StampPath = Path.Combine(_folder, "tuf.stamp"),
        };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("SCSDK4213", error.Code);
        Assert.StartsWith($"'{setSetting}' is set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyTufTargets_Cancelled_FetchesNothingAndLeavesNoStamp()
    {
        var lockFile = Path.Combine(_folder, "packages.lock.json");
        File.WriteAllText(lockFile, "{\"version\":1,\"dependencies\":{\"net8.0\":{}}}");
        var root = Path.Combine(_folder, "root.json");
        File.WriteAllText(root, "{}");
        var stamp = Path.Combine(_folder, "tuf.stamp");
        File.WriteAllText(stamp, "supplychain-tuf-stamp 1\nvalid-until 0\n");
        var state = Path.Combine(_folder, "state");
        var engine = new MockBuildEngine();
        var task = new VerifyTufTargets
        {
            BuildEngine = engine,
            TrustedRoot = root,
            Remote = Path.Combine(_folder, "remote-that-does-not-exist"),
            LockFilePath = lockFile,
            PackagesFolder = _folder,
            StateDirectory = state,
            StampPath = stamp,
        };

        task.Cancel();
        Assert.True(task.Execute());

        // Not cancelled, the unparsable root would be an error; cancelled, nothing is read, reported or kept.
        Assert.Empty(engine.Errors);
        Assert.False(File.Exists(stamp));
        Assert.False(Directory.Exists(state));
    }

    [Theory]
    [InlineData("")]
    [InlineData("supplychain-tuf-stamp 1\nvalid-until 0\n")]
    [InlineData("written by someone else")]
    public void CheckTufVerification_ExpiredOrForeignStamp_IsDeletedSoTheVerificationRunsAgain(string content)
    {
        var stamp = Path.Combine(_folder, "tuf.stamp");
        File.WriteAllText(stamp, content);
        var engine = new MockBuildEngine();

        Assert.True(new CheckTufVerification { BuildEngine = engine, StampPath = stamp }.Execute());
        Assert.False(File.Exists(stamp));
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void CheckTufVerification_NoStamp_Succeeds()
    {
        var engine = new MockBuildEngine();

        Assert.True(new CheckTufVerification { BuildEngine = engine, StampPath = Path.Combine(_folder, "none.stamp") }.Execute());
        Assert.Empty(engine.Errors);
    }
}
