using System;
using System.IO;
using System.Linq;
using SupplyChain.Sdk.Tasks;

namespace SupplyChain.Sdk.Tests;

public sealed class VerifyPackagesLockFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scsdk-task-" + Guid.NewGuid().ToString("N"));

    public VerifyPackagesLockFileTests()
    {
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Execute_MalformedAssetsFile_LogsSCSDK1015WithTheFileAndFails()
    {
        var assets = Path.Combine(_folder, "project.assets.json");
        File.WriteAllText(assets, "{ \"version\": 3,\n  \"targets\": ");
        var engine = new MockBuildEngine();
        var task = new VerifyPackagesLockFile { BuildEngine = engine, ProjectPath = Path.Combine(_folder, "App.csproj"), AssetsFilePath = assets };

        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("SCSDK1015", error.Code);
        Assert.Equal(assets, error.File);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void Execute_UnknownPinningMode_LogsSCSDK6000()
    {
        var engine = new MockBuildEngine();
        var task = new VerifyPackagesLockFile { BuildEngine = engine, ProjectPath = Path.Combine(_folder, "App.csproj"), AssetsFilePath = Path.Combine(_folder, "missing.json"), Pinning = "Strict" };

        Assert.False(task.Execute());
        Assert.Equal("SCSDK6000", Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void Execute_PinningOff_DoesNothingAndSucceeds()
    {
        var engine = new MockBuildEngine();
        var task = new VerifyPackagesLockFile { BuildEngine = engine, ProjectPath = Path.Combine(_folder, "App.csproj"), AssetsFilePath = Path.Combine(_folder, "missing.json"), Pinning = "off" };

        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void CheckVerifiedPackageFiles_ChangedFile_DeletesTheStamp()
    {
        var stamp = Path.Combine(_folder, "pinning.verified");
        File.WriteAllText(stamp, string.Empty);
        var cache = Path.Combine(_folder, "verified-files.cache");
        var gone = Path.Combine(_folder, "gone.dll");
        File.WriteAllText(cache, "{\"version\":2,\"files\":[{\"path\":\"" + gone + "\",\"size\":3,\"device\":1,\"inode\":1,\"ctime\":1,\"ctimeNs\":0,\"mtime\":1,\"mtimeNs\":0,\"kind\":\"ExtractedFile\",\"value\":\"x\",\"detail\":\"y\"}]}");
        var engine = new MockBuildEngine();
        var task = new CheckVerifiedPackageFiles { BuildEngine = engine, CachePath = cache, StampPath = stamp };

        Assert.True(task.Execute());
        Assert.False(File.Exists(stamp));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not json")]
    [InlineData("{\"version\":1,\"files\":[]}")]
    public void CheckVerifiedPackageFiles_MissingUnreadableOrOldCache_DeletesTheStamp(string? content)
    {
        var stamp = Path.Combine(_folder, "pinning.verified");
        File.WriteAllText(stamp, string.Empty);
        var cache = Path.Combine(_folder, "verified-files.cache");
        if (content is not null)
        {
            File.WriteAllText(cache, content);
        }

        var task = new CheckVerifiedPackageFiles { BuildEngine = new MockBuildEngine(), CachePath = cache, StampPath = stamp };

        Assert.True(task.Execute());
        Assert.False(File.Exists(stamp));
    }

    [Fact]
    public void CheckVerifiedPackageFiles_EmptyCurrentCache_KeepsTheStamp()
    {
        var stamp = Path.Combine(_folder, "pinning.verified");
        File.WriteAllText(stamp, string.Empty);
        var cache = Path.Combine(_folder, "verified-files.cache");
        File.WriteAllText(cache, "{\"version\":2,\"files\":[]}");
        var task = new CheckVerifiedPackageFiles { BuildEngine = new MockBuildEngine(), CachePath = cache, StampPath = stamp };

        Assert.True(task.Execute());
        Assert.True(File.Exists(stamp));
    }

    [Fact]
    public void CheckVerifiedPackageFiles_ConfigFileEditedWithItsTimeSetBack_RewritesTheRestoreConfigState()
    {
        // The one every-build call also records the configuration files' state that the verification's up-to-date
        // check compares: an edit that keeps the file's modification time still changes that input.
        var config = Path.Combine(_folder, "nuget.config");
        File.WriteAllText(config, "<configuration><packageSourceMapping /></configuration>");
        var list = Path.Combine(_folder, "restore-config.list");
        File.WriteAllText(list, config + "\n");
        var state = Path.Combine(_folder, "restore-config.state");
        var stamp = Path.Combine(_folder, "pinning.verified");
        File.WriteAllText(stamp, string.Empty);
        var cache = Path.Combine(_folder, "verified-files.cache");
        File.WriteAllText(cache, "{\"version\":2,\"files\":[]}");
        CheckVerifiedPackageFiles Task() => new() { BuildEngine = new MockBuildEngine(), CachePath = cache, StampPath = stamp, RestoreConfigStatePath = state, RestoreConfigListPath = list };
        Assert.True(Task().Execute());
        var before = File.ReadAllText(state);
        var written = File.GetLastWriteTimeUtc(config);

        File.WriteAllText(config, "<configuration><!-- mapping removed --></configuration>");
        File.SetLastWriteTimeUtc(config, written);
        Assert.True(Task().Execute());

        Assert.Contains(config, before, System.StringComparison.Ordinal);
        Assert.NotEqual(before, File.ReadAllText(state));
        Assert.True(File.Exists(stamp));
    }

    [Fact]
    public void CheckVerifiedPackageFiles_ExpiredTufStamp_IsDeleted_TheTufCheckRidesTheEveryBuildCall()
    {
        // With TUF verification on, the one every-build call also drops the TUF stamp once its metadata expired, so
        // the TUF verification runs again (expired metadata is never trusted); the pinning stamp is not its business.
        var stamp = Path.Combine(_folder, "pinning.verified");
        File.WriteAllText(stamp, string.Empty);
        var cache = Path.Combine(_folder, "verified-files.cache");
        File.WriteAllText(cache, "{\"version\":2,\"files\":[]}");
        var tufStamp = WriteTufStamp(DateTimeOffset.UtcNow.AddMinutes(-1));
        var engine = new MockBuildEngine();
        var task = new CheckVerifiedPackageFiles { BuildEngine = engine, CachePath = cache, StampPath = stamp, TufStampPath = tufStamp };

        Assert.True(task.Execute());
        Assert.False(File.Exists(tufStamp));
        Assert.True(File.Exists(stamp));
        Assert.Contains(engine.Messages, m => m.Message!.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckVerifiedPackageFiles_CurrentTufStamp_IsKept()
    {
        var stamp = Path.Combine(_folder, "pinning.verified");
        File.WriteAllText(stamp, string.Empty);
        var cache = Path.Combine(_folder, "verified-files.cache");
        File.WriteAllText(cache, "{\"version\":2,\"files\":[]}");
        var tufStamp = WriteTufStamp(DateTimeOffset.UtcNow.AddDays(1));
        var task = new CheckVerifiedPackageFiles { BuildEngine = new MockBuildEngine(), CachePath = cache, StampPath = stamp, TufStampPath = tufStamp };

        Assert.True(task.Execute());
        Assert.True(File.Exists(tufStamp));
        Assert.True(File.Exists(stamp));
    }

    [Fact]
    public void CheckVerifiedPackageFiles_TufStampWithoutAPinningStamp_IsStillChecked_AndThePinningStateIsLeftToTheVerification()
    {
        // No pinning stamp: the pinning verification runs in full anyway (and records the configuration state itself),
        // but the TUF verification is skipped by its own stamp, which must still be judged.
        var config = Path.Combine(_folder, "nuget.config");
        File.WriteAllText(config, "<configuration />");
        var list = Path.Combine(_folder, "restore-config.list");
        File.WriteAllText(list, config + "\n");
        var state = Path.Combine(_folder, "restore-config.state");
        var tufStamp = WriteTufStamp(DateTimeOffset.UtcNow.AddMinutes(-1));
        var task = new CheckVerifiedPackageFiles
        {
            BuildEngine = new MockBuildEngine(),
            CachePath = Path.Combine(_folder, "verified-files.cache"),
            StampPath = Path.Combine(_folder, "pinning.verified"),
            RestoreConfigStatePath = state,
            RestoreConfigListPath = list,
            TufStampPath = tufStamp,
        };

        Assert.True(task.Execute());
        Assert.False(File.Exists(tufStamp));
        Assert.False(File.Exists(state));
    }

    private string WriteTufStamp(DateTimeOffset validUntil)
    {
        var path = Path.Combine(_folder, "verified.stamp");
        File.WriteAllText(path, "supplychain-tuf-stamp 1\nvalid-until " + validUntil.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        return path;
    }

    [Fact]
    public void Execute_UnexpectedException_IsReportedAsSCSDK9001()
    {
        var engine = new MockBuildEngine();
        // An empty stamp path gets past MSBuild's [Required] only when set directly; File.ReadAllLines then throws
        // ArgumentException, which is no SupplyChainException: the base class must report it as SCSDK9001.
        var task = new CheckTufVerification { BuildEngine = engine, StampPath = string.Empty };

        Assert.False(task.Execute());
        var error = engine.Errors.Single();
        Assert.Equal("SCSDK9001", error.Code);
        Assert.Contains(nameof(CheckTufVerification), error.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(ArgumentException).FullName!, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
        Assert.Contains(engine.Messages, m => m.Message!.Contains("   at ", StringComparison.Ordinal));
    }
}
