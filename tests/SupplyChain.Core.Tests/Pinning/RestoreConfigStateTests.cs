using System;
using System.IO;
using SupplyChain.Core.Pinning;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Pinning;

/// <summary>The recorded state of the NuGet configuration files that decides whether a build verifies again.</summary>
public sealed class RestoreConfigStateTests
{
    [Fact]
    public void AnEditedConfigFile_ChangesTheState_AndAnUnchangedOneLeavesTheFileUntouched()
    {
        using var dir = new TestDirectory("restore-config");
        var config = dir.WriteFile("nuget.config", "<configuration />");
        var state = dir.Combine("obj", "restore-config.state");
        var list = dir.Combine("obj", "restore-config.list");
        RestoreConfigState.Record(state, list, [config]);
        var first = File.ReadAllText(state);
        var written = File.GetLastWriteTimeUtc(state);
        File.SetLastWriteTimeUtc(state, written.AddHours(-1));

        RestoreConfigState.Record(state, list, null);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(state));

        File.WriteAllText(config, "<configuration><packageSourceMapping /></configuration>");
        RestoreConfigState.Record(state, list, null);
        Assert.NotEqual(first, File.ReadAllText(state));
    }

    [Fact]
    public void ADeletedConfigFile_IsRecordedAsMissing_AndAVerificationThatJudgedNoFilesEmptiesTheList()
    {
        using var dir = new TestDirectory("restore-config");
        var config = dir.WriteFile("nuget.config", "<configuration />");
        var state = dir.Combine("restore-config.state");
        var list = dir.Combine("restore-config.list");
        RestoreConfigState.Record(state, list, [config]);
        File.Delete(config);
        RestoreConfigState.Record(state, list, null);
        Assert.Contains(Path.GetFullPath(config) + " missing", File.ReadAllText(state), StringComparison.Ordinal);

        RestoreConfigState.Record(state, list, []);
        Assert.Equal(string.Empty, File.ReadAllText(list));
        Assert.Equal("restore-config 2\n", File.ReadAllText(state));
    }
}
