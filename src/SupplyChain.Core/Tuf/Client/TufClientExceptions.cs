using System;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>SCSDK4200: a file that could not be fetched (network, server or file-system error).</summary>
public sealed class TufFetchException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The file (metadata file name or target path).</param>
    /// <param name="location">Where it was fetched from (URL or folder).</param>
    /// <param name="reason">What went wrong, without a final period.</param>
    /// <param name="innerException">The cause.</param>
    public TufFetchException(string fileName, string location, string reason, Exception? innerException = null)
        : base(Create(DiagnosticCatalog.TufClient_FetchFailed, fileName, location, reason), fileName, innerException)
    {
        Location = location;
    }

    /// <summary>Where the file was fetched from.</summary>
    public string Location { get; }
}

/// <summary>SCSDK4201: a metadata file the update needs is not in the repository.</summary>
public sealed class TufMetadataNotFoundException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The metadata file name requested (<c>timestamp.json</c>, <c>2.snapshot.json</c>).</param>
    /// <param name="roleName">The role.</param>
    /// <param name="location">The repository's metadata address.</param>
    public TufMetadataNotFoundException(string fileName, string roleName, string location)
        : base(Create(DiagnosticCatalog.TufClient_MetadataNotFound, fileName, location), roleName)
    {
        FileName = fileName;
    }

    /// <summary>The file that was requested.</summary>
    public string FileName { get; }
}

/// <summary>SCSDK4202: no trusted role lists the target.</summary>
public sealed class TufTargetNotFoundException : TufRepositoryException
{
    /// <summary>Creates the exception from the search that did not find the target.</summary>
    public TufTargetNotFoundException(TargetSearchResult search, string location)
        : base(Create(DiagnosticCatalog.TufClient_TargetNotFound, search?.TargetPath, location, Describe(search!)), search!.TargetPath)
    {
        Search = search;
    }

    /// <summary>The search, with the roles it read.</summary>
    public TargetSearchResult Search { get; }

    private static string Describe(TargetSearchResult search) => "'" + string.Join("', '", search.VisitedRoles) + "'";
}

/// <summary>SCSDK4203: a file longer than the most bytes accepted for it; reading stopped at the limit.</summary>
public sealed class TufDownloadTooLargeException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufDownloadTooLargeException(string fileName, string location, long maxLength)
        : base(Create(DiagnosticCatalog.TufClient_DownloadTooLarge, fileName, location, maxLength), fileName)
    {
        MaxLength = maxLength;
    }

    /// <summary>The most bytes accepted.</summary>
    public long MaxLength { get; }
}

/// <summary>SCSDK4204: the client's trusted root cannot be read (missing or unreadable file).</summary>
public sealed class TufTrustedRootUnreadableException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufTrustedRootUnreadableException(string path, string reason, Exception? innerException = null)
        : base(Create(DiagnosticCatalog.TufClient_TrustedRootUnreadable, path, reason), TufRoles.Root, innerException)
    {
        Path = path;
    }

    /// <summary>The path of the trusted root.</summary>
    public string Path { get; }
}

/// <summary>SCSDK4205: a target path that cannot be fetched or stored safely.</summary>
public sealed class TufUnsafeTargetPathException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufUnsafeTargetPathException(string targetPath, string reason)
        : base(Create(DiagnosticCatalog.TufClient_UnsafeTargetPath, targetPath, reason), targetPath)
    {
    }
}

/// <summary>SCSDK4206: a repository address that is neither an http(s) URL nor a folder.</summary>
public sealed class TufInvalidRemoteException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    public TufInvalidRemoteException(string remote)
        : base(Create(DiagnosticCatalog.TufClient_InvalidRemote, remote), remote)
    {
    }
}

/// <summary>
/// SCSDK4215: a file of the client's metadata folder that cannot be read, is too long, or is not metadata of its
/// role (another <c>_type</c>: a file-name clash on a case-insensitive file system, or another writer).
/// </summary>
public sealed class TufStoredMetadataException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The stored file.</param>
    /// <param name="roleName">The role it is stored for.</param>
    /// <param name="reason">What is wrong, without a final period.</param>
    /// <param name="innerException">The cause.</param>
    public TufStoredMetadataException(string path, string roleName, string reason, Exception? innerException = null)
        : base(Create(DiagnosticCatalog.TufClient_StoredMetadataUnusable, path, roleName, reason), roleName, innerException)
    {
        Path = path;
    }

    /// <summary>The stored file.</summary>
    public string Path { get; }
}

/// <summary>SCSDK4216: the file given as the trusted root is not TUF root metadata (a key file, another role's metadata).</summary>
public sealed class TufTrustedRootNotRootMetadataException : TufRepositoryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file given as the trusted root.</param>
    /// <param name="reason">What it is instead, without a final period.</param>
    /// <param name="innerException">The cause.</param>
    public TufTrustedRootNotRootMetadataException(string path, string reason, Exception? innerException = null)
        : base(Create(DiagnosticCatalog.TufClient_TrustedRootNotRootMetadata, path, reason), TufRoles.Root, innerException)
    {
        Path = path;
    }

    /// <summary>The file given as the trusted root.</summary>
    public string Path { get; }
}
