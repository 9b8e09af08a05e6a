using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Client;

/// <summary>
/// An <see cref="ITufFetcher"/> over a <see cref="RepositorySimulator"/>: <c>N.root.json</c> is the N-th published
/// root, other metadata names serve the newest published bytes of the role (any version prefix), and target paths
/// serve <see cref="TargetFiles"/>. Every request is recorded; <see cref="Overrides"/> replaces a response (tampered
/// bytes, an endless stream, a failure).
/// </summary>
internal sealed class SimulatorFetcher : ITufFetcher
{
    public SimulatorFetcher(RepositorySimulator repository)
    {
        Repository = repository;
    }

    public RepositorySimulator Repository { get; }

    /// <summary>Target bytes by the path the client asks for (with the hash prefix under consistent snapshots).</summary>
    public Dictionary<string, byte[]> TargetFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Responses by requested name (metadata file name, or target path), taking precedence.</summary>
    public Dictionary<string, Func<Stream?>> Overrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request, in order: metadata file names, and <c>targets/PATH</c> for targets.</summary>
    public List<string> Requests { get; } = new();

    public string MetadataLocation => "sim://metadata/";

    public string TargetsLocation => "sim://targets/";

    /// <summary>Publishes a target's bytes under its plain and hash-prefixed names, and adds it to a role (not yet published).</summary>
    public TargetFile AddTarget(string role, string path, byte[] content)
    {
        var target = TargetFile.FromBytes(path, content);
        Repository.TargetsOf(role).AddTarget(target);
        TargetFiles[path] = content;
        foreach (var hash in target.Hashes.Values)
        {
            var slash = path.LastIndexOf('/');
            TargetFiles[path[..(slash + 1)] + hash + "." + path[(slash + 1)..]] = content;
        }

        return target;
    }

    public Task<TufFetchResponse?> FetchMetadataAsync(string fileName, CancellationToken cancellationToken)
    {
        Requests.Add(fileName);
        if (Overrides.TryGetValue(fileName, out var over))
        {
            return Task.FromResult(Wrap(over(), fileName));
        }

        return Task.FromResult(Wrap(Lookup(fileName) is { } bytes ? new MemoryStream(bytes, writable: false) : null, fileName));
    }

    public Task<TufFetchResponse?> FetchTargetAsync(IReadOnlyList<string> pathSegments, CancellationToken cancellationToken)
    {
        var path = string.Join("/", pathSegments);
        Requests.Add("targets/" + path);
        if (Overrides.TryGetValue("targets/" + path, out var over))
        {
            return Task.FromResult(Wrap(over(), path));
        }

        return Task.FromResult(Wrap(TargetFiles.TryGetValue(path, out var bytes) ? new MemoryStream(bytes, writable: false) : null, path));
    }

    private byte[]? Lookup(string fileName)
    {
        if (!fileName.EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }

        var name = fileName[..^".json".Length];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && long.TryParse(name[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            var role = Uri.UnescapeDataString(name[(dot + 1)..]);
            if (role == TufRoles.Root)
            {
                return version <= Repository.PublishedRoots.Count ? Repository.PublishedRoots[(int)version - 1] : null;
            }

            return Repository.Published.TryGetValue(role, out var versioned) ? versioned : null;
        }

        var plain = Uri.UnescapeDataString(name);
        return plain == TufRoles.Root ? Repository.PublishedRoots.LastOrDefault() : Repository.Published.TryGetValue(plain, out var bytes) ? bytes : null;
    }

    private TufFetchResponse? Wrap(Stream? stream, string name)
        => stream is null ? null : new TufFetchResponse(stream, stream.CanSeek ? stream.Length : null, "sim://" + name);
}

/// <summary>A stream of zeros that never ends, counting what was read.</summary>
internal sealed class EndlessStream : Stream
{
    public long BytesRead { get; private set; }

    /// <summary>A length the stream claims (as a server's Content-Length would), or null.</summary>
    public long? DeclaredLength { get; init; }

    public override bool CanRead => true;

    public override bool CanSeek => DeclaredLength is not null;

    public override bool CanWrite => false;

    public override long Length => DeclaredLength ?? throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Array.Clear(buffer, offset, count);
        BytesRead += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A clock that counts how often it was read.</summary>
internal sealed class CountingTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    public CountingTimeProvider(DateTimeOffset now, TimeSpan step)
    {
        _now = now;
        Step = step;
    }

    public TimeSpan Step { get; }

    public int Reads { get; private set; }

    public override DateTimeOffset GetUtcNow()
    {
        Reads++;
        var now = _now;
        _now += Step;
        return now;
    }
}

/// <summary>A metadata folder and an updater over a simulator, with helpers to look at the trusted files.</summary>
internal sealed class UpdaterHarness : IDisposable
{
    private readonly TestDirectory _directory = new("tufc");

    public UpdaterHarness(RepositorySimulator? repository = null, int trustedRootVersion = 1)
    {
        Repository = repository ?? new RepositorySimulator();
        Fetcher = new SimulatorFetcher(Repository);
        Directory.CreateDirectory(MetadataDirectory);
        Updater.Initialize(MetadataDirectory, Repository.PublishedRoots[trustedRootVersion - 1]);
    }

    public RepositorySimulator Repository { get; }

    public SimulatorFetcher Fetcher { get; }

    public string MetadataDirectory => _directory.Combine("metadata");

    public string TargetDirectory => _directory.Combine("targets");

    public TimeProvider Clock { get; set; } = new FixedTimeProvider(RepositorySimulator.Now);

    public TufClientLimits Limits { get; set; } = TufClientLimits.Default;

    public Updater NewUpdater() => new(MetadataDirectory, Fetcher, new UpdaterOptions { TimeProvider = Clock, Limits = Limits, StagingDirectory = _directory.Combine("staging") });

    public TrustedMetadataSet Refresh() => NewUpdater().RefreshAsync().GetAwaiter().GetResult();

    /// <summary>The trusted files: file name to bytes.</summary>
    public SortedDictionary<string, byte[]> TrustedFiles()
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(MetadataDirectory))
        {
            files[Path.GetFileName(path)] = File.ReadAllBytes(path);
        }

        return files;
    }

    /// <summary>The trusted roles and versions, as tuf-conformance lists them (sorted by file name).</summary>
    public List<(string Role, long Version)> TrustedVersions()
        => TrustedFiles().Where(f => f.Key.EndsWith(".json", StringComparison.Ordinal))
            .Select(f => (f.Key[..^5], SignedVersion(f.Value)))
            .ToList();

    public long? Version(string role)
    {
        var path = TufRoleNames.TrustedPathInFolder(MetadataDirectory, role);
        return File.Exists(path) ? SignedVersion(File.ReadAllBytes(path)) : null;
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>The <c>signed.version</c> of a metadata document.</summary>
    public static long SignedVersion(byte[] bytes) => System.Text.Json.Nodes.JsonNode.Parse(bytes)!["signed"]!["version"]!.GetValue<long>();
}

/// <summary>Blocking forms of the updater's calls, for tests that assert exceptions with lambdas.</summary>
internal static class UpdaterSync
{
    public static TrustedMetadataSet Refresh(this Updater updater) => updater.RefreshAsync().GetAwaiter().GetResult();

    public static TargetSearchResult Find(this Updater updater, string path) => updater.FindTargetAsync(path).GetAwaiter().GetResult();

    public static TargetFile GetTarget(this Updater updater, string path) => updater.GetTargetAsync(path).GetAwaiter().GetResult();

    public static string DownloadTarget(this Updater updater, TargetFile target, string destination) => updater.DownloadTargetAsync(target, destination).GetAwaiter().GetResult();

    public static (TargetFile Target, bool Downloaded) Download(this Updater updater, string path, string destination) => updater.DownloadAsync(path, destination).GetAwaiter().GetResult();
}
