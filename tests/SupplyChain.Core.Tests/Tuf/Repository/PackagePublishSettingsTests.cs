using System;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Core.Tests.Tuf.Repository;

/// <summary>The AddTufTargets task's settings, read in Core before the repository is opened.</summary>
public sealed class PackagePublishSettingsTests
{
    private static readonly PackagePublishRequest s_request = new() { Repository = "/nowhere", Packages = Array.Empty<string>() };

    [Fact]
    public void Empty_GivesTheDefaults_RefuseADuplicateAndTheDefaultLockTimeout()
    {
        var request = new PackagePublishSettings().ApplyTo(s_request);

        Assert.False(request.SkipDuplicate);
        Assert.Equal(RepositoryOptions.DefaultLockTimeout, request.LockTimeout);
    }

    [Fact]
    public void Given_AreReadIntoTheRequest()
    {
        var request = new PackagePublishSettings { SkipDuplicate = " True ", LockTimeout = "7" }.ApplyTo(s_request);

        Assert.True(request.SkipDuplicate);
        Assert.Equal(TimeSpan.FromSeconds(7), request.LockTimeout);
    }

    [Theory]
    [InlineData("yes", null, "SupplyChainTufSkipDuplicate")]
    [InlineData("1", "5", "SupplyChainTufSkipDuplicate")]
    [InlineData(null, "ten", "SupplyChainTufLockTimeout")]
    [InlineData("false", "-1", "SupplyChainTufLockTimeout")]
    public void Wrong_IsSCSDK6000NamingTheProperty(string? skipDuplicate, string? lockTimeout, string property)
    {
        var ex = Assert.Throws<SupplyChainException>(() => new PackagePublishSettings { SkipDuplicate = skipDuplicate, LockTimeout = lockTimeout }.ApplyTo(s_request));

        Assert.Equal("SCSDK6000", ex.Diagnostic.Code);
        Assert.Contains(property, ex.Diagnostic.Message, StringComparison.Ordinal);
    }
}
