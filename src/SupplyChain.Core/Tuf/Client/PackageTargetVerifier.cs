using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>What <see cref="PackageTargetVerifier"/> checks.</summary>
/// <param name="LockFilePath">The project's <c>packages.lock.json</c>.</param>
/// <param name="PackagesFolder">The NuGet packages folder (<c>NuGetPackageRoot</c>) that holds the restored <c>.nupkg</c> files.</param>
/// <param name="TrustedRootPath">The trusted <c>root.json</c> of the repository.</param>
/// <param name="Remote">The repository: an http(s) URL or a folder, holding <c>metadata/</c> and <c>targets/</c>.</param>
/// <param name="StateDirectory">Where verified metadata is kept between builds (one folder per trusted root and remote).</param>
public sealed record PackageTargetRequest(string LockFilePath, string PackagesFolder, string TrustedRootPath, string Remote, string StateDirectory)
{
    /// <summary>The clock (a test seam).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>An HTTP handler (a test seam).</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>How to authenticate to a blob remote (<c>SupplyChainTufRemoteAuthMode</c>).</summary>
    public TufRemoteAuthMode AuthMode { get; init; } = TufRemoteAuthMode.Auto;

    /// <summary>Storage client options (a test seam); null for the defaults.</summary>
    public SupplyChain.Core.Storage.BlobStorageOptions? Storage { get; init; }

    /// <summary>The remote as messages show it: no SAS token, no credentials.</summary>
    public string RemoteDisplay => SecretRedactor.RedactUrl(Remote) ?? Remote;
}

/// <summary>A package that is a verified target and whose bytes match it.</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The version.</param>
/// <param name="TargetPath">Its target path (the flat-container path).</param>
/// <param name="NupkgPath">The <c>.nupkg</c> that was checked.</param>
/// <param name="MatchedBy"><c>hashes</c> (length and hashes of the target) or <c>contentHash</c> (NuGet's content hash in <c>custom</c>).</param>
public sealed record VerifiedPackageTarget(string Id, string Version, string TargetPath, string NupkgPath, string MatchedBy);

/// <summary>The outcome of <see cref="PackageTargetVerifier"/>.</summary>
/// <param name="Packages">The packages that verified.</param>
/// <param name="FailedCount">How many packages (or the repository itself) failed.</param>
/// <param name="ValidUntil">When the first of the metadata used expires: the result may be reused until then, never after.</param>
public sealed record PackageTargetResult(IReadOnlyList<VerifiedPackageTarget> Packages, int FailedCount, DateTimeOffset? ValidUntil)
{
    /// <summary>True when every package verified.</summary>
    public bool IsValid => FailedCount == 0;
}

/// <summary>
/// The check a consuming build runs: every package of a lock file must be a target of a TUF repository, found by the
/// full client workflow at its NuGet flat-container path (<c>&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.&lt;version&gt;.nupkg</c>,
/// lower case), and the <c>.nupkg</c> the build uses must be that target: its signed length and every hash, or, when
/// a feed re-signed the package (so the file differs), NuGet's content hash that the repository put in the entry's
/// <c>custom.nuget.contentHash</c>. Verified metadata is kept in the state folder, so the next build starts from it.
/// </summary>
public static class PackageTargetVerifier
{
    /// <summary>Verifies the packages; every finding goes to <paramref name="sink"/>.</summary>
    public static async Task<PackageTargetResult> VerifyAsync(PackageTargetRequest request, IDiagnosticSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        if (!File.Exists(request.LockFilePath))
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.TufVerify_LockFileUnreadable, request.LockFilePath, 0, request.LockFilePath, "the file does not exist"));
            return new PackageTargetResult(Array.Empty<VerifiedPackageTarget>(), 1, null);
        }

        var lockFile = PackagesLockFileReader.Read(request.LockFilePath);
        var packages = lockFile.Targets
            .SelectMany(t => t.Dependencies)
            .Where(d => d.IsPackage && d.Resolved is not null)
            .GroupBy(d => (Id: d.Id.ToLowerInvariant(), Version: d.Resolved!.ToLowerInvariant()))
            .Select(g => g.First())
            .OrderBy(d => d.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();

        byte[] root;
        try
        {
            root = await File.ReadAllBytesAsync(request.TrustedRootPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            sink.Report(new TufTrustedRootUnreadableException(request.TrustedRootPath, ex.Message.TrimEnd('.'), ex).Diagnostic with { File = request.TrustedRootPath });
            return new PackageTargetResult(Array.Empty<VerifiedPackageTarget>(), 1, null);
        }

        // One metadata folder per trusted root and remote: changing either starts from the new root.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Convert.ToBase64String(root) + "\n" + request.Remote))).ToLowerInvariant()[..16];
        var metadataDirectory = Path.Combine(request.StateDirectory, key);
        var storedRoot = TufRoleNames.TrustedPathInFolder(metadataDirectory, TufRoles.Root);
        if (!File.Exists(storedRoot))
        {
            try
            {
                Updater.CheckTrustedRootFile(request.TrustedRootPath, root);
            }
            catch (TufTrustedRootNotRootMetadataException ex)
            {
                sink.Report(ex.Diagnostic with { File = request.TrustedRootPath });
                return new PackageTargetResult(Array.Empty<VerifiedPackageTarget>(), 1, null);
            }

            Directory.CreateDirectory(metadataDirectory);
            Updater.Initialize(metadataDirectory, root);
        }

        var verified = new List<VerifiedPackageTarget>();
        var failed = 0;
        Updater? updater = null;
        try
        {
            var fetcher = TufRemote.Create(request.Remote, Path.GetDirectoryName(Path.GetFullPath(request.LockFilePath)), request.HttpHandler, request.AuthMode, request.Storage);
            updater = new Updater(metadataDirectory, fetcher, new UpdaterOptions { TimeProvider = request.TimeProvider });
            await updater.RefreshAsync(cancellationToken).ConfigureAwait(false);
            foreach (var package in packages)
            {
                var id = package.Id.ToLowerInvariant();
                var version = package.Resolved!.ToLowerInvariant();
                var targetPath = $"{id}/{version}/{id}.{version}.nupkg";
                var search = await updater.FindTargetAsync(targetPath, cancellationToken).ConfigureAwait(false);
                if (search.Target is not { } target)
                {
                    sink.Report(Diagnostic.Create(DiagnosticCatalog.TufVerify_PackageNotATarget, request.LockFilePath, package.Line, package.Id, package.Resolved, request.RemoteDisplay, targetPath));
                    failed++;
                    continue;
                }

                var nupkg = Path.Combine(request.PackagesFolder, id, version, $"{id}.{version}.nupkg");
                if (!File.Exists(nupkg))
                {
                    sink.Report(Diagnostic.Create(DiagnosticCatalog.TufVerify_PackageFileMissing, request.LockFilePath, package.Line, package.Id, package.Resolved, nupkg));
                    failed++;
                    continue;
                }

                var (matchedBy, problem) = Compare(target, nupkg);
                if (problem is not null)
                {
                    sink.Report(Diagnostic.Create(DiagnosticCatalog.TufVerify_PackageMismatch, nupkg, 0, package.Id, package.Resolved, request.PackagesFolder, targetPath, problem));
                    failed++;
                    continue;
                }

                verified.Add(new VerifiedPackageTarget(package.Id, package.Resolved, targetPath, nupkg, matchedBy!));
            }
        }
        catch (TufRepositoryException ex)
        {
            var file = ex.Diagnostic.File ?? updater?.CurrentFile ?? request.RemoteDisplay;
            if (file == storedRoot && StoredRootIs(storedRoot, root))
            {
                // The stored root is still the copy of the trusted root the project gives: name the project's file.
                file = request.TrustedRootPath;
            }

            sink.Report(ex.Diagnostic with { File = file });
            return new PackageTargetResult(verified, failed + 1, null);
        }

        return new PackageTargetResult(verified, failed, failed == 0 ? ValidUntil(updater!.TrustedMetadata!) : null);
    }

    /// <summary>The NuGet content hash a repository lists in a target's <c>custom.nuget.contentHash</c>, or null.</summary>
    public static string? ListedContentHash(TargetFile target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Custom is JsonObject custom && custom["nuget"] is JsonObject nuget && nuget["contentHash"] is JsonValue value && value.TryGetValue<string>(out var hash) ? hash : null;
    }

    private static (string? MatchedBy, string? Problem) Compare(TargetFile target, string nupkg)
    {
        LengthAndHashesResult check;
        using (var stream = new FileStream(nupkg, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            check = target.CheckLengthAndHashes(stream);
        }

        if (check.IsMatch)
        {
            return ("hashes", null);
        }

        // A feed may have re-signed the package (a repository signature): the file differs, the signed content not.
        if (ListedContentHash(target) is { } listed)
        {
            var actual = PackageContentHash.Compute(nupkg).ContentHash;
            return string.Equals(actual, listed, StringComparison.Ordinal)
                ? ("contentHash", null)
                : (null, $"{check.Problem}, and its NuGet content hash is {actual}, but {listed} is listed");
        }

        return (null, check.Problem);
    }

    private static bool StoredRootIs(string storedRoot, byte[] root)
    {
        try
        {
            return File.ReadAllBytes(storedRoot).AsSpan().SequenceEqual(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static DateTimeOffset ValidUntil(TrustedMetadataSet trusted)
    {
        var expiries = new List<DateTimeOffset> { trusted.Root.Signed.Expires, trusted.Timestamp!.Signed.Expires, trusted.Snapshot!.Signed.Expires, trusted.Targets!.Signed.Expires };
        foreach (var name in trusted.Snapshot.Signed.Meta.Keys)
        {
            var role = name.EndsWith(".json", StringComparison.Ordinal) ? name[..^5] : name;
            if (trusted.GetTargets(role) is { } loaded)
            {
                expiries.Add(loaded.Signed.Expires);
            }
        }

        return expiries.Min();
    }

    /// <summary>
    /// Whether a package file is the target: its signed length and every hash, or NuGet's content hash listed in the
    /// entry's <c>custom.nuget.contentHash</c> (a feed re-signed it). Returns how it matched, or the problem.
    /// </summary>
    public static (string? MatchedBy, string? Problem) CompareFile(TargetFile target, string nupkgPath)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(nupkgPath);
        return Compare(target, nupkgPath);
    }

    /// <summary>When the first of the trusted metadata (root, timestamp, snapshot, targets, the delegated roles loaded) expires.</summary>
    public static DateTimeOffset TrustedUntil(TrustedMetadataSet trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        return ValidUntil(trusted);
    }
}
