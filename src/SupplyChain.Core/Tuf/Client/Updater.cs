using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using SupplyChain.Core.IO;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>
/// The TUF 1.0 client workflow (specification section 5) over an <see cref="ITufFetcher"/>, with the trusted
/// metadata kept in a folder. The folder holds only the trusted metadata, under unversioned names (<c>root.json</c>,
/// <c>timestamp.json</c>, <c>snapshot.json</c>, <c>targets.json</c>, and, in a namespace of their own,
/// <c>delegated-&lt;escaped role&gt;.json</c> or <c>delegated~sha256-&lt;hex&gt;.json</c> for delegated roles, see
/// <see cref="TufRoleNames.TrustedFileName"/>), each file exactly the bytes received, written atomically once they
/// verified. A stored file that cannot be read, or that is not metadata of its role (another <c>_type</c>), stops
/// the update (<see cref="TufStoredMetadataException"/>): it was not written by the updater, and ignoring it would
/// drop the rollback protection it gives.
/// <list type="number">
/// <item>5.1: one reference time, read from the clock when <see cref="RefreshAsync"/> starts, judges every expiry.</item>
/// <item>5.2-5.3: the stored root, then <c>N+1.root.json</c> while the repository has one, at most
/// <see cref="TufClientLimits.MaxRootRotations"/> of them; each new root is stored as soon as it verified. After a
/// rotation of the timestamp or snapshot keys the stored timestamp and snapshot are deleted (5.3.11).</item>
/// <item>5.4: the stored timestamp (it guards against rollback even when expired), then <c>timestamp.json</c>.</item>
/// <item>5.5: the stored snapshot; if it is the version the timestamp lists and unexpired it is used, else the
/// listed version is fetched (<c>V.snapshot.json</c> under consistent snapshots).</item>
/// <item>5.6: targets likewise; delegated roles only when a target is looked up, by the pre-order depth-first
/// search of <see cref="DelegationSearch"/>.</item>
/// <item>Every response is read at most to its limit: the listed length, or the role's cap in
/// <see cref="TufClientLimits"/>; reading never goes past it (endless data).</item>
/// <item>Targets are streamed to a staging file while their length and hashes are checked, and moved into place only
/// when they match; reading stops past the signed length.</item>
/// </list>
/// A failure throws a <see cref="TufRepositoryException"/> subclass (each with its <c>SCSDK4xxx</c> code); whatever
/// verified before it stays stored, and nothing that failed is written.
/// </summary>
public sealed class Updater
{
    private const int BufferSize = 81920;
    private readonly string _metadataDirectory;
    private readonly ITufFetcher _fetcher;
    private readonly Dictionary<string, string> _listingRoles = new(StringComparer.Ordinal);
    private TrustedMetadataSet? _trusted;
    private string? _rootSource;

    /// <summary>Creates an updater over a metadata folder that holds the trusted <c>root.json</c>.</summary>
    /// <param name="metadataDirectory">The folder of the trusted metadata (see <see cref="Initialize"/>).</param>
    /// <param name="fetcher">Where the repository is.</param>
    /// <param name="options">Limits, clock and naming; null for the defaults.</param>
    public Updater(string metadataDirectory, ITufFetcher fetcher, UpdaterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metadataDirectory);
        _metadataDirectory = Path.GetFullPath(metadataDirectory);
        _fetcher = fetcher ?? throw new ArgumentNullException(nameof(fetcher));
        Options = options ?? new UpdaterOptions();
    }

    /// <summary>The options.</summary>
    public UpdaterOptions Options { get; }

    /// <summary>The folder of the trusted metadata.</summary>
    public string MetadataDirectory => _metadataDirectory;

    /// <summary>
    /// The file the updater was reading or verifying last (a URL, a repository file or the stored root): when a
    /// step fails, the file it failed on, for messages.
    /// </summary>
    public string? CurrentFile { get; private set; }

    /// <summary>The trusted metadata of the last refresh, or null before one.</summary>
    public TrustedMetadataSet? TrustedMetadata => _trusted;

    /// <summary>
    /// Stores a root the caller trusts (shipped with the application, or given out of band) as the trusted root of a
    /// metadata folder. It is not verified here: the first refresh does that, before any request.
    /// </summary>
    public static void Initialize(string metadataDirectory, ReadOnlySpan<byte> trustedRoot)
    {
        ArgumentNullException.ThrowIfNull(metadataDirectory);
        AtomicFile.WriteAllBytes(TufRoleNames.TrustedPathInFolder(metadataDirectory, TufRoles.Root), trustedRoot);
    }

    /// <summary>
    /// Checks that a file a user gives as the trusted root is TUF root metadata (a JSON document of <c>_type</c>
    /// <c>root</c>), before it is stored; its signatures are checked by the first refresh. A key file or another role's
    /// metadata is a usage mistake, reported under the user's path.
    /// </summary>
    /// <exception cref="TufTrustedRootNotRootMetadataException">It is not.</exception>
    public static void CheckTrustedRootFile(string path, ReadOnlySpan<byte> trustedRoot)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            _ = Metadata<Root>.FromBytes(trustedRoot, TufRoles.Root);
        }
        catch (TufRepositoryException ex) when (NotMetadataOfItsRole(ex) is { } reason)
        {
            throw new TufTrustedRootNotRootMetadataException(path, reason, ex);
        }
    }

    /// <summary>The file name a target is stored under in a flat folder: its path percent-encoded (python-tuf's choice).</summary>
    public static string LocalFileName(string targetPath) => TufRoleNames.Encode(targetPath);

    /// <summary>
    /// Runs the top-level workflow: root, timestamp, snapshot and targets (no delegated roles). A second call does
    /// nothing and returns the same trusted metadata.
    /// </summary>
    /// <exception cref="TufRepositoryException">The repository (or the stored root) failed a check.</exception>
    public async Task<TrustedMetadataSet> RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (_trusted?.Targets is not null)
        {
            return _trusted;
        }

        // 5.1, 5.2: the trusted root, checked before any request; the reference time is fixed here.
        var rootPath = TufRoleNames.TrustedPathInFolder(_metadataDirectory, TufRoles.Root);
        CurrentFile = rootPath;
        _rootSource = rootPath;
        byte[] rootBytes;
        try
        {
            rootBytes = ReadLocal(rootPath, Options.Limits.RootMaxLength) ?? throw new TufTrustedRootUnreadableException(rootPath, "the file does not exist");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TufTrustedRootUnreadableException(rootPath, ex.Message.TrimEnd('.'), ex);
        }

        TrustedMetadataSet trusted;
        try
        {
            trusted = new TrustedMetadataSet(rootBytes, Options.TimeProvider.GetUtcNow(), Options.Limits);
        }
        catch (TufRepositoryException ex) when (NotMetadataOfItsRole(ex) is { } reason)
        {
            throw new TufTrustedRootNotRootMetadataException(rootPath, reason, ex);
        }

        _trusted = trusted;
        await LoadRootsAsync(trusted, cancellationToken).ConfigureAwait(false);
        await LoadTimestampAsync(trusted, cancellationToken).ConfigureAwait(false);
        await LoadSnapshotAsync(trusted, cancellationToken).ConfigureAwait(false);
        await LoadTargetsAsync(trusted, TufRoles.Targets, TufRoles.Root, cancellationToken).ConfigureAwait(false);
        return trusted;
    }

    /// <summary>
    /// Finds the trusted entry of a target (refreshing first if needed), loading delegated roles as the search needs
    /// them. The result says whether it was found and which roles were read.
    /// </summary>
    /// <exception cref="TufRepositoryException">A role failed a check, delegations form a cycle, or there are too many.</exception>
    public async Task<TargetSearchResult> FindTargetAsync(string targetPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        var trusted = await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var result = await DelegationSearch.FindAsync(
            targetPath,
            async (request, token) => (await LoadTargetsAsync(trusted, request.RoleName, request.DelegatorName, token).ConfigureAwait(false)).Signed,
            Options.Limits.MaxDelegations,
            cancellationToken).ConfigureAwait(false);
        if (result.RoleName is not null)
        {
            _listingRoles[targetPath] = result.RoleName;
        }

        return result;
    }

    /// <summary>Finds the trusted entry of a target, or fails with <see cref="TufTargetNotFoundException"/>.</summary>
    public async Task<TargetFile> GetTargetAsync(string targetPath, CancellationToken cancellationToken = default)
    {
        var result = await FindTargetAsync(targetPath, cancellationToken).ConfigureAwait(false);
        return result.Target ?? throw new TufTargetNotFoundException(result, _fetcher.MetadataLocation);
    }

    /// <summary>True when <paramref name="path"/> holds exactly the target (its signed length and every hash).</summary>
    public static bool IsCached(TargetFile target, string path)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return stream.Length == target.Length && target.CheckLengthAndHashes(stream).IsMatch;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Downloads a target to <paramref name="destinationPath"/>: the bytes are written to a staging file while their
    /// length and every hash are checked (reading stops past the signed length), then moved into place. Nothing is
    /// written to the destination unless it matched.
    /// </summary>
    /// <returns>The destination path.</returns>
    /// <exception cref="TufRepositoryException">The target is missing, too long, or its length or a hash differ.</exception>
    public async Task<string> DownloadTargetAsync(TargetFile target, string destinationPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(destinationPath);
        var listing = _listingRoles.TryGetValue(target.Path, out var role) ? role : TufRoles.Targets;
        CurrentFile = _fetcher.TargetsLocation + target.Path;
        foreach (var algorithm in target.Hashes.Keys)
        {
            if (HashName(algorithm) is null)
            {
                throw new TufLengthOrHashMismatchException(target.Path, listing, $"the hash algorithm '{algorithm}' is not supported, so the file cannot be checked");
            }
        }

        var segments = TargetSegments(target.Path);
        if (_trusted?.Root.Signed.UsesConsistentSnapshots == true && Options.PrefixTargetsWithHash)
        {
            // Consistent snapshots: dir/HASH.name; any listed hash names the file (the first one, as python-tuf).
            using var first = target.Hashes.GetEnumerator();
            first.MoveNext();
            segments[^1] = first.Current.Value + "." + segments[^1];
        }

        CurrentFile = _fetcher.TargetsLocation + string.Join("/", segments);
        var destination = Path.GetFullPath(destinationPath);
        var staging = Path.Combine(Options.StagingDirectory ?? Path.GetTempPath(), ".supplychain-tuf-" + Guid.NewGuid().ToString("N") + ".partial");
        try
        {
            using (var response = await _fetcher.FetchTargetAsync(segments, cancellationToken).ConfigureAwait(false)
                ?? throw new TufMetadataNotFoundException(string.Join("/", segments), target.Path, _fetcher.TargetsLocation))
            {
                if (response.DeclaredLength is { } declared && declared > target.Length)
                {
                    throw new TufLengthOrHashMismatchException(target.Path, listing, string.Format(CultureInfo.InvariantCulture, "it is {0} bytes long, but {1} are listed", declared, target.Length));
                }

                Directory.CreateDirectory(Path.GetDirectoryName(staging)!);
                await using var output = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan);
                var problem = await CopyAndCheckAsync(response, output, target, cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    throw new TufLengthOrHashMismatchException(target.Path, listing, problem);
                }

                output.Flush(flushToDisk: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Move(staging, destination, overwrite: true);
            return destination;
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>Finds a target and downloads it to <paramref name="destinationPath"/>, unless that file already holds it.</summary>
    /// <returns>The target entry and whether it was downloaded (false: the file already matched).</returns>
    public async Task<(TargetFile Target, bool Downloaded)> DownloadAsync(string targetPath, string destinationPath, CancellationToken cancellationToken = default)
    {
        var target = await GetTargetAsync(targetPath, cancellationToken).ConfigureAwait(false);
        if (IsCached(target, destinationPath))
        {
            return (target, false);
        }

        await DownloadTargetAsync(target, destinationPath, cancellationToken).ConfigureAwait(false);
        return (target, true);
    }

    private async Task LoadRootsAsync(TrustedMetadataSet trusted, CancellationToken cancellationToken)
    {
        // 5.3: N+1.root.json until the repository has none, at most MaxRootRotations of them.
        for (var i = 0; i < Options.Limits.MaxRootRotations; i++)
        {
            var version = trusted.Root.Signed.Version + 1;
            var fileName = TufRoleNames.VersionedFileName(TufRoles.Root, version);
            var bytes = await FetchMetadataAsync(fileName, TufRoles.Root, Options.Limits.RootMaxLength, null, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                break;
            }

            trusted.UpdateRoot(bytes);
            _rootSource = CurrentFile;

            // 5.3.8: persist the new root as soon as it verified.
            Persist(TufRoles.Root, bytes);
        }

        // 5.3.11: fast-forward attack recovery: drop timestamp and snapshot once their keys changed.
        if (trusted.TimestampOrSnapshotKeysRotated)
        {
            DeleteStored(TufRoles.Timestamp);
            DeleteStored(TufRoles.Snapshot);
        }

        // 5.3.10: freeze attack: an expired final root ends the update before the timestamp is requested.
        if (trusted.Root.Signed.IsExpired(trusted.ReferenceTime))
        {
            // The expired root is the one trusted last (stored, or the last N.root.json), not the N+1 that was
            // looked for and is not there.
            CurrentFile = _rootSource;
            throw new TufExpiredMetadataException(TufRoles.Root, trusted.Root.Signed.Expires, trusted.ReferenceTime);
        }
    }

    private async Task LoadTimestampAsync(TrustedMetadataSet trusted, CancellationToken cancellationToken)
    {
        // The stored timestamp, even expired, protects the new one against rollback (5.4.3); after a key rotation it
        // no longer verifies and is ignored.
        var stored = ReadStored(TufRoles.Timestamp, Options.Limits.TimestampMaxLength);
        if (stored is not null)
        {
            try
            {
                trusted.UpdateTimestamp(stored);
            }
            catch (TufRepositoryException ex)
            {
                ThrowIfNotMetadataOfItsRole(TufRoles.Timestamp, ex);
            }
        }

        var bytes = await FetchMetadataAsync(TufRoleNames.FileName(TufRoles.Timestamp), TufRoles.Timestamp, Options.Limits.TimestampMaxLength, null, cancellationToken).ConfigureAwait(false)
            ?? throw new TufMetadataNotFoundException(TufRoleNames.FileName(TufRoles.Timestamp), TufRoles.Timestamp, _fetcher.MetadataLocation);
        var result = trusted.UpdateTimestamp(bytes);
        if (result.IsNewVersion)
        {
            // 5.4.5: persist the timestamp.
            Persist(TufRoles.Timestamp, bytes);
        }
    }

    private async Task LoadSnapshotAsync(TrustedMetadataSet trusted, CancellationToken cancellationToken)
    {
        var stored = ReadStored(TufRoles.Snapshot, Options.Limits.SnapshotMaxLength);
        if (stored is not null)
        {
            try
            {
                // A stored snapshot that is the version the timestamp lists, and unexpired, is the snapshot to use.
                trusted.UpdateSnapshot(stored, isTrusted: true);
                return;
            }
            catch (TufRepositoryException ex)
            {
                // Intermediate (older or expired) or no longer valid: fetch the listed version.
                ThrowIfNotMetadataOfItsRole(TufRoles.Snapshot, ex);
            }
        }

        var meta = trusted.Timestamp!.Signed.SnapshotMeta;
        var fileName = trusted.Root.Signed.UsesConsistentSnapshots
            ? TufRoleNames.VersionedFileName(TufRoles.Snapshot, meta.Version)
            : TufRoleNames.FileName(TufRoles.Snapshot);
        var bytes = await FetchMetadataAsync(fileName, TufRoles.Snapshot, meta.Length ?? Options.Limits.SnapshotMaxLength, meta.Length is null ? null : TufRoles.Timestamp, cancellationToken).ConfigureAwait(false)
            ?? throw new TufMetadataNotFoundException(fileName, TufRoles.Snapshot, _fetcher.MetadataLocation);
        trusted.UpdateSnapshot(bytes);

        // 5.5.7: persist the snapshot.
        Persist(TufRoles.Snapshot, bytes);
    }

    private async Task<Metadata<Targets>> LoadTargetsAsync(TrustedMetadataSet trusted, string roleName, string delegatorName, CancellationToken cancellationToken)
    {
        if (trusted.GetTargets(roleName) is { } loaded)
        {
            // A role reached again through another delegator (a diamond) must also verify with that delegator's keys.
            if (delegatorName != TufRoles.Root && trusted.GetTargets(delegatorName) is { } delegator)
            {
                var check = loaded.VerifyDelegate(roleName, delegator.Signed);
                if (!check.IsVerified)
                {
                    throw new TufSignatureException(check, delegatorName);
                }
            }

            return loaded;
        }

        // 5.6.2: the snapshot must list the role, and says which version to fetch.
        var meta = trusted.Snapshot!.Signed.FindRole(roleName) ?? throw new TufNotInSnapshotException(roleName);
        // Read to the role's cap or the listed length, whichever is larger: an older stored version may be longer than
        // the new one, and a version the snapshot lists with its length may be longer than the cap.
        var stored = ReadStored(roleName, Math.Max(Options.Limits.TargetsMaxLength, meta.Length ?? 0));
        if (stored is not null)
        {
            try
            {
                // Verified again, against the snapshot and the current delegator's keys.
                return trusted.UpdateDelegatedTargetsOwned(stored, roleName, delegatorName);
            }
            catch (TufRepositoryException ex)
            {
                ThrowIfNotMetadataOfItsRole(roleName, ex);
            }
        }

        var fileName = trusted.Root.Signed.UsesConsistentSnapshots
            ? TufRoleNames.VersionedFileName(roleName, meta.Version)
            : TufRoleNames.FileName(roleName);
        var bytes = await FetchMetadataAsync(fileName, roleName, meta.Length ?? Options.Limits.TargetsMaxLength, meta.Length is null ? null : TufRoles.Snapshot, cancellationToken).ConfigureAwait(false)
            ?? throw new TufMetadataNotFoundException(fileName, roleName, _fetcher.MetadataLocation);
        var targets = trusted.UpdateDelegatedTargetsOwned(bytes, roleName, delegatorName);

        // 5.6.6: persist the targets metadata.
        Persist(roleName, bytes);
        return targets;
    }

    // Reads a response to its end, but never more than maxLength bytes: one byte more ends the read. A listing role
    // means maxLength is a signed length (a mismatch), otherwise it is a cap (endless data).
    private async Task<byte[]?> FetchMetadataAsync(string fileName, string roleName, long maxLength, string? listingRole, CancellationToken cancellationToken)
    {
        CurrentFile = _fetcher.MetadataLocation + fileName;
        using var response = await _fetcher.FetchMetadataAsync(fileName, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        if (response.DeclaredLength is { } declared && declared > maxLength)
        {
            throw TooLong(fileName, roleName, maxLength, listingRole, response.Location);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, response.ReadTimeout);

        // One array of the declared (or signed) length when there is one, so that a large file is not held twice;
        // it grows (to at most maxLength + 1) only when the response is longer than announced.
        var expected = response.DeclaredLength ?? (listingRole is null ? BufferSize : Math.Min(maxLength, 16L << 20));
        var buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Min(Math.Max(expected, 1), maxLength + 1), Array.MaxLength));
        var total = 0;
        byte[]? probe = null;
        try
        {
            while (true)
            {
                int read;
                if (total == buffer.Length)
                {
                    // Full: only a byte more makes it grow. The usual case, a file exactly as long as announced,
                    // ends here without a second array (a grown copy and a trimmed copy would hold it three times).
                    probe ??= new byte[1];
                    read = await response.Content.ReadAsync(probe, linked.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    if (total >= maxLength)
                    {
                        throw TooLong(fileName, roleName, maxLength, listingRole, response.Location);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(Math.Min((long)buffer.Length * 2, maxLength + 1), Array.MaxLength));
                    buffer[total] = probe[0];
                }
                else
                {
                    read = await response.Content.ReadAsync(buffer.AsMemory(total, buffer.Length - total), linked.Token).ConfigureAwait(false);
                }

                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > maxLength)
                {
                    throw TooLong(fileName, roleName, maxLength, listingRole, response.Location);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Http.HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new TufFetchException(fileName, response.Location, "the response ended early: " + ex.Message.TrimEnd('.'), ex);
        }

        if (total != buffer.Length)
        {
            Array.Resize(ref buffer, total);
        }

        return buffer;
    }

    private static TufRepositoryException TooLong(string fileName, string roleName, long maxLength, string? listingRole, string location)
        => listingRole is null
            ? new TufDownloadTooLargeException(fileName, location, maxLength)
            : new TufLengthOrHashMismatchException(TufRoleNames.MetaFileName(roleName), listingRole, string.Format(CultureInfo.InvariantCulture, "it is longer than the {0} bytes listed", maxLength));

    private static async Task<string?> CopyAndCheckAsync(TufFetchResponse response, Stream output, TargetFile target, CancellationToken cancellationToken)
    {
        var hashers = new List<(string Algorithm, string Digest, IncrementalHash Hash)>();
        try
        {
            foreach (var (algorithm, digest) in target.Hashes)
            {
                hashers.Add((algorithm, digest, IncrementalHash.CreateHash(HashName(algorithm)!.Value)));
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, response.ReadTimeout);
            var buffer = new byte[BufferSize];
            long total = 0;
            try
            {
                while (true)
                {
                    // Never ask for more than one byte past the signed length.
                    var want = (int)Math.Min(buffer.Length, target.Length + 1 - total);
                    var read = await response.Content.ReadAsync(buffer.AsMemory(0, want), linked.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                    if (total > target.Length)
                    {
                        return string.Format(CultureInfo.InvariantCulture, "it is longer than the {0} bytes listed", target.Length);
                    }

                    foreach (var hasher in hashers)
                    {
                        hasher.Hash.AppendData(buffer, 0, read);
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is System.Net.Http.HttpRequestException || (ex is IOException && ex is not FileNotFoundException) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new TufFetchException(target.Path, response.Location, "the response ended early: " + ex.Message.TrimEnd('.'), ex);
            }

            if (total != target.Length)
            {
                return string.Format(CultureInfo.InvariantCulture, "it is {0} bytes long, but {1} are listed", total, target.Length);
            }

            foreach (var (algorithm, digest, hash) in hashers)
            {
                var actual = hash.GetHashAndReset();
                if (!DigestEquals(actual, digest))
                {
                    return $"its {algorithm} is {Convert.ToHexString(actual).ToLowerInvariant()}, but {digest} is listed";
                }
            }

            return null;
        }
        finally
        {
            foreach (var hasher in hashers)
            {
                hasher.Hash.Dispose();
            }
        }
    }

    private static HashAlgorithmName? HashName(string algorithm) => algorithm switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha384" => HashAlgorithmName.SHA384,
        "sha512" => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static bool DigestEquals(byte[] actual, string expectedHex)
    {
        if (expectedHex.Length != actual.Length * 2)
        {
            return false;
        }

        byte[] expected;
        try
        {
            expected = Convert.FromHexString(expectedHex);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static List<string> TargetSegments(string targetPath)
    {
        if (targetPath.Length == 0)
        {
            throw new TufUnsafeTargetPathException(targetPath, "it is empty");
        }

        var segments = new List<string>(targetPath.Split('/'));
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.IndexOfAny(new[] { '\\', '\0' }) >= 0)
            {
                throw new TufUnsafeTargetPathException(targetPath, $"the part '{segment}' cannot be a file or folder name");
            }
        }

        return segments;
    }

    // A stored file that is absent is null. One that cannot be read, or is longer than its role's cap, was not
    // written by the updater (it writes only verified metadata, atomically): treating it as absent would silently drop
    // the rollback protection it gives, so it stops the update.
    private byte[]? ReadStored(string roleName, long maxLength)
    {
        var path = TufRoleNames.TrustedPathInFolder(_metadataDirectory, roleName);
        try
        {
            return ReadLocal(path, maxLength);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CurrentFile = path;
            throw new TufStoredMetadataException(path, roleName, "it cannot be read (" + ex.Message.TrimEnd('.') + ")", ex);
        }
        catch (TufMetadataTooLargeException ex)
        {
            CurrentFile = path;
            throw new TufStoredMetadataException(path, roleName, string.Format(CultureInfo.InvariantCulture, "it is {0} bytes long, more than the {1} allowed for the role", ex.Length, ex.MaxLength), ex);
        }
    }

    // A stored file that verifies no longer (keys rotated, expired, superseded) is simply replaced; one that is not
    // metadata of its role at all (not TUF JSON, or another _type: a file-name clash or another writer) is an error.
    private void ThrowIfNotMetadataOfItsRole(string roleName, TufRepositoryException ex)
    {
        if (NotMetadataOfItsRole(ex) is { } reason)
        {
            var path = TufRoleNames.TrustedPathInFolder(_metadataDirectory, roleName);
            CurrentFile = path;
            throw new TufStoredMetadataException(path, roleName, reason, ex);
        }
    }

    private static string? NotMetadataOfItsRole(TufRepositoryException ex) => ex switch
    {
        TufUnexpectedTypeException type => $"its '_type' is '{type.ActualType}', not '{type.ExpectedType}'",
        TufMetadataFormatException format => "it is not TUF metadata (" + format.Reason + ")",
        _ => null,
    };

    private static byte[]? ReadLocal(string path, long maxLength)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > maxLength)
            {
                throw new TufMetadataTooLargeException(Path.GetFileName(path), stream.Length, maxLength);
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private void Persist(string roleName, byte[] bytes)
        => AtomicFile.WriteAllBytes(TufRoleNames.TrustedPathInFolder(_metadataDirectory, roleName), bytes);

    private void DeleteStored(string roleName)
    {
        try
        {
            File.Delete(TufRoleNames.TrustedPathInFolder(_metadataDirectory, roleName));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
