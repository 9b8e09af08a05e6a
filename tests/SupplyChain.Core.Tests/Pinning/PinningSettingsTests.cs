using System;
using System.IO;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Pinning;

namespace SupplyChain.Core.Tests.Pinning;

/// <summary>The build's verification settings, read once in Core (the VerifyPackagesLockFile task passes them as text).</summary>
public sealed class PinningSettingsTests
{
    private static readonly string s_project = Path.Combine(Path.GetTempPath(), "scsdk-settings", "App.csproj");

    [Theory]
    [InlineData(null, PinningMode.Error)]
    [InlineData(" warning ", PinningMode.Warning)]
    [InlineData("OFF", PinningMode.Off)]
    public void Mode_NameInAnyCaseOrEmpty(string? text, PinningMode expected)
        => Assert.Equal(expected, PinningSettings.ParseMode(text));

    [Theory]
    [InlineData("Strict")]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("Err")]
    public void Mode_AnythingElse_NumbersIncluded_IsSCSDK6000(string text)
    {
        var ex = Assert.Throws<SupplyChainException>(() => new PinningSettings { Pinning = text }.ToRequest(s_project, "assets.json", null, Array.Empty<DeclaredPackageVersion>(), null));
        Assert.Equal("SCSDK6000", ex.Diagnostic.Code);
        Assert.Contains(PinningSettings.PinningSetting, ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_EmptySettings_AreTheSafeDefaults()
    {
        var request = new PinningSettings().ToRequest(s_project, "assets.json", " ", Array.Empty<DeclaredPackageVersion>(), " ");

        Assert.Equal(PinningMode.Error, request.Mode);
        Assert.True(request.VerifyPackageHashes);
        Assert.False(request.IsContinuousIntegration);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(s_project)!, "packages.lock.json"), request.LockFilePath);
        Assert.Null(request.VerifiedFilesCachePath);
        Assert.Null(request.LockFilesEnabled);
        Assert.Null(request.LockFilesEnabledBeforeProject);
        Assert.False(request.RestoreLockedModeSetToFalse);
    }

    [Fact]
    public void Request_CarriesEachSettingAsMSBuildReadsIt()
    {
        var request = new PinningSettings
        {
            VerifyPackageHashes = "false",
            ContinuousIntegration = "TRUE",
            RestorePackagesWithLockFile = "true",
            RestorePackagesWithLockFileBeforeProject = "nonsense",
            RestoreLockedMode = " False ",
        }.ToRequest(s_project, "assets.json", "/x/packages.App.lock.json", Array.Empty<DeclaredPackageVersion>(), "/x/cache");

        Assert.False(request.VerifyPackageHashes);
        Assert.True(request.IsContinuousIntegration);
        Assert.Equal("/x/packages.App.lock.json", request.LockFilePath);
        Assert.Equal("/x/cache", request.VerifiedFilesCachePath);
        Assert.True(request.LockFilesEnabled);
        Assert.Null(request.LockFilesEnabledBeforeProject);
        Assert.True(request.RestoreLockedModeSetToFalse);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("0")]
    [InlineData("off")]
    public void VerifyPackageHashes_AValueThatIsNotTrueOrFalse_IsSCSDK6000NotASilentOff(string text)
    {
        var ex = Assert.Throws<SupplyChainException>(() => new PinningSettings { VerifyPackageHashes = text }.ToRequest(s_project, "assets.json", null, Array.Empty<DeclaredPackageVersion>(), null));
        Assert.Equal("SCSDK6000", ex.Diagnostic.Code);
        Assert.Contains(PinningSettings.VerifyPackageHashesSetting, ex.Diagnostic.Message, StringComparison.Ordinal);
    }
}
