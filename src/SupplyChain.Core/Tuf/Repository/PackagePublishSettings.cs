using SupplyChain.Core.Configuration;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// The settings of publishing on pack as MSBuild gives them (text), read in one place by <see cref="ApplyTo"/> before
/// the repository is opened: a wrong value is SCSDK6000 naming the property.
/// </summary>
public sealed record PackagePublishSettings
{
    /// <summary><c>SupplyChainTufLockTimeout</c>: whole seconds to wait for another writer; empty for the default.</summary>
    public string? LockTimeout { get; init; }

    /// <summary><c>SupplyChainTufSkipDuplicate</c>: <c>true</c> or <c>false</c>; empty for false.</summary>
    public string? SkipDuplicate { get; init; }

    /// <summary><paramref name="request"/> with these settings read into it.</summary>
    /// <exception cref="SupplyChainException">SCSDK6000 for a value that is not what the setting takes.</exception>
    public PackagePublishRequest ApplyTo(PackagePublishRequest request)
    {
        System.ArgumentNullException.ThrowIfNull(request);
        var skipDuplicate = BooleanSetting.Parse("SupplyChainTufSkipDuplicate", SkipDuplicate, defaultValue: false);
        return request with
        {
            SkipDuplicate = skipDuplicate,
            LockTimeout = SecondsSetting.Parse("SupplyChainTufLockTimeout", LockTimeout, RepositoryOptions.DefaultLockTimeout),
        };
    }
}
