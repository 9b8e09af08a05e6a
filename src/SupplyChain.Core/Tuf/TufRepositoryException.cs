using System;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf;

/// <summary>
/// A fault of the TUF repository (or of whoever stands between it and us): metadata that is malformed, badly signed,
/// rolled back, expired, mixed and matched or too large. Every subclass carries one catalog diagnostic
/// (<c>SCSDK4xxx</c>). Misuse by the caller (calling the trusted-metadata state machine out of order) is an
/// <see cref="InvalidOperationException"/> instead. The finding (<see cref="SupplyChainException.Diagnostic"/>) has
/// a null <see cref="Diagnostic.File"/>: the caller knows the file.
/// </summary>
public abstract class TufRepositoryException : SupplyChainException
{
    private protected TufRepositoryException(Diagnostic diagnostic, string roleName, Exception? innerException = null)
        : base(diagnostic, innerException)
    {
        RoleName = roleName;
    }

    /// <summary>The role (or target path) the fault is about.</summary>
    public string RoleName { get; }

    private protected static Diagnostic Create(DiagnosticDescriptor descriptor, params object?[] args) => Diagnostic.Create(descriptor, null, 0, args);
}

/// <summary>SCSDK4000: metadata that is not JSON of the TUF shape (repeated keys, missing or mistyped fields).</summary>
public sealed class TufMetadataFormatException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="roleName">The role the metadata was read as.</param>
    /// <param name="reason">What is wrong, without a final period.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TufMetadataFormatException(string roleName, string reason, Exception? innerException = null)
        : base(Create(DiagnosticCatalog.Tuf_MetadataMalformed, roleName, reason), roleName, innerException)
    {
        Reason = reason;
    }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }
}

/// <summary>SCSDK4001: metadata whose <c>_type</c> is not the role it was fetched as.</summary>
public sealed class TufUnexpectedTypeException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufUnexpectedTypeException(string roleName, string actualType, string expectedType)
        : base(Create(DiagnosticCatalog.Tuf_UnexpectedType, roleName, actualType, expectedType), roleName)
    {
        ActualType = actualType;
        ExpectedType = expectedType;
    }

    /// <summary>The <c>_type</c> the file has.</summary>
    public string ActualType { get; }

    /// <summary>The <c>_type</c> required.</summary>
    public string ExpectedType { get; }
}

/// <summary>SCSDK4002: metadata whose <c>spec_version</c> is not TUF 1.x.</summary>
public sealed class TufUnsupportedSpecVersionException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufUnsupportedSpecVersionException(string roleName, string specVersion)
        : base(Create(DiagnosticCatalog.Tuf_UnsupportedSpecVersion, roleName, specVersion), roleName)
    {
        SpecVersion = specVersion;
    }

    /// <summary>The <c>spec_version</c> read.</summary>
    public string SpecVersion { get; }
}

/// <summary>SCSDK4003: fewer valid signatures by trusted keys than the role's threshold.</summary>
public sealed class TufSignatureException : TufRepositoryException
{
    /// <summary>Creates the exception from the verification that failed.</summary>
    /// <param name="result">The failed verification.</param>
    /// <param name="delegatorName">The role whose keys were used (<c>root</c> for top-level roles).</param>
    public TufSignatureException(SignatureVerificationResult result, string delegatorName)
        : base(Describe(result, delegatorName), result.RoleName)
    {
        Result = result;
        DelegatorName = delegatorName;
    }

    /// <summary>What was counted and why the other signatures did not count.</summary>
    public SignatureVerificationResult Result { get; }

    /// <summary>The role whose keys were used.</summary>
    public string DelegatorName { get; }

    private static Diagnostic Describe(SignatureVerificationResult result, string delegatorName)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Create(DiagnosticCatalog.Tuf_SignatureThresholdNotMet, result.RoleName, result.ValidKeyIds.Count, delegatorName, result.Threshold, result.Summary());
    }
}

/// <summary>SCSDK4004: metadata older than what is already trusted, or a role dropped from the snapshot.</summary>
public sealed class TufRollbackException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="roleName">The role whose metadata was refused.</param>
    /// <param name="reason">What would have rolled back, without a final period.</param>
    public TufRollbackException(string roleName, string reason)
        : base(Create(DiagnosticCatalog.Tuf_Rollback, roleName, reason), roleName)
    {
    }
}

/// <summary>SCSDK4005: a new root whose version is not exactly one more than the trusted root's.</summary>
public sealed class TufRootVersionException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufRootVersionException(long actualVersion, long expectedVersion)
        : base(Create(DiagnosticCatalog.Tuf_RootVersionNotSequential, actualVersion, expectedVersion), TufRoles.Root)
    {
        ActualVersion = actualVersion;
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The version of the new root.</summary>
    public long ActualVersion { get; }

    /// <summary>The version required.</summary>
    public long ExpectedVersion { get; }
}

/// <summary>SCSDK4006: metadata whose version is not the one its listing role (timestamp, snapshot) gives.</summary>
public sealed class TufVersionMismatchException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufVersionMismatchException(string roleName, long actualVersion, string listingRole, long listedVersion)
        : base(Create(DiagnosticCatalog.Tuf_VersionMismatch, roleName, actualVersion, listingRole, listedVersion), roleName)
    {
        ActualVersion = actualVersion;
        ListedVersion = listedVersion;
    }

    /// <summary>The version the metadata has.</summary>
    public long ActualVersion { get; }

    /// <summary>The version the listing role gives.</summary>
    public long ListedVersion { get; }
}

/// <summary>SCSDK4007: metadata that expired before the reference time of the update.</summary>
public sealed class TufExpiredMetadataException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufExpiredMetadataException(string roleName, DateTimeOffset expires, DateTimeOffset referenceTime)
        : base(Create(DiagnosticCatalog.Tuf_Expired, roleName, TufDateTime.Format(expires), TufDateTime.Format(referenceTime)), roleName)
    {
        Expires = expires;
        ReferenceTime = referenceTime;
    }

    /// <summary>When the metadata expired.</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>The time of the update it was judged against.</summary>
    public DateTimeOffset ReferenceTime { get; }
}

/// <summary>SCSDK4008: metadata or a target file whose length or hashes differ from the signed entry.</summary>
public sealed class TufLengthOrHashMismatchException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The metadata file name (<c>snapshot.json</c>) or target path.</param>
    /// <param name="listingRole">The role whose metadata lists the file.</param>
    /// <param name="reason">What differs, without a final period.</param>
    public TufLengthOrHashMismatchException(string fileName, string listingRole, string reason)
        : base(Create(DiagnosticCatalog.Tuf_LengthOrHashMismatch, fileName, listingRole, reason), fileName)
    {
        Reason = reason;
    }

    /// <summary>What differs.</summary>
    public string Reason { get; }
}

/// <summary>SCSDK4009: a targets role that the trusted snapshot does not list.</summary>
public sealed class TufNotInSnapshotException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufNotInSnapshotException(string roleName)
        : base(Create(DiagnosticCatalog.Tuf_NotInSnapshot, TufRoleNames.MetaFileName(roleName), roleName), roleName)
    {
    }
}

/// <summary>SCSDK4010: delegations that lead back to a role already on the path (a cycle).</summary>
public sealed class TufDelegationCycleException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="targetPath">The target searched for.</param>
    /// <param name="cycle">The roles of the cycle, from the first to the one that delegates back to it.</param>
    public TufDelegationCycleException(string targetPath, string cycle)
        : base(Create(DiagnosticCatalog.Tuf_DelegationCycle, targetPath, cycle), targetPath)
    {
    }
}

/// <summary>SCSDK4011: a delegation search that would visit more delegated roles than allowed.</summary>
public sealed class TufTooManyDelegationsException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufTooManyDelegationsException(string targetPath, int maxDelegations)
        : base(Create(DiagnosticCatalog.Tuf_TooManyDelegations, targetPath, maxDelegations), targetPath)
    {
    }
}

/// <summary>SCSDK4012: metadata larger than the limit for its role (endless data).</summary>
public sealed class TufMetadataTooLargeException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufMetadataTooLargeException(string roleName, long length, long maxLength)
        : base(Create(DiagnosticCatalog.Tuf_MetadataTooLarge, roleName, length, maxLength), roleName)
    {
        Length = length;
        MaxLength = maxLength;
    }

    /// <summary>The length of the metadata, in bytes.</summary>
    public long Length { get; }

    /// <summary>The most bytes allowed.</summary>
    public long MaxLength { get; }
}
