using System;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// SCSDK4107: the repository's own files do not agree (a metadata file the snapshot or the pending list names is
/// missing). Metadata that does not verify is reported with the client's exceptions instead
/// (<see cref="TufSignatureException"/>, <see cref="TufVersionMismatchException"/>, ...), as a client would see it.
/// </summary>
public sealed class TufRepositoryInconsistentException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="directory">The repository folder.</param>
    /// <param name="roleName">The role concerned.</param>
    /// <param name="reason">What does not agree, without a final period.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TufRepositoryInconsistentException(string directory, string roleName, string reason, Exception? innerException = null)
        : base(Create(DiagnosticCatalog.TufRepository_Inconsistent, directory, reason), roleName, innerException)
    {
        Reason = reason;
    }

    /// <summary>What does not agree.</summary>
    public string Reason { get; }
}
