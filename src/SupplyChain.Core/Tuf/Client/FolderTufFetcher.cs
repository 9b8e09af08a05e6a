using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>
/// Fetches a repository from folders on disk: a TUF repository folder as any static server would serve it
/// (<c>metadata/</c> and <c>targets/</c>), a mounted share, or a copy. A missing file is "not found".
/// </summary>
public sealed class FolderTufFetcher : ITufFetcher
{
    private readonly string _metadataDirectory;
    private readonly string _targetsDirectory;

    /// <summary>Creates a fetcher over a metadata folder and a targets folder.</summary>
    public FolderTufFetcher(string metadataDirectory, string targetsDirectory)
    {
        ArgumentNullException.ThrowIfNull(metadataDirectory);
        ArgumentNullException.ThrowIfNull(targetsDirectory);
        _metadataDirectory = Path.GetFullPath(metadataDirectory);
        _targetsDirectory = Path.GetFullPath(targetsDirectory);
    }

    /// <summary>A fetcher over a repository folder with <c>metadata/</c> and <c>targets/</c>.</summary>
    public static FolderTufFetcher ForRepository(string repositoryDirectory)
    {
        ArgumentNullException.ThrowIfNull(repositoryDirectory);
        return new FolderTufFetcher(Path.Combine(repositoryDirectory, "metadata"), Path.Combine(repositoryDirectory, "targets"));
    }

    /// <inheritdoc />
    public string MetadataLocation => Path.TrimEndingDirectorySeparator(_metadataDirectory) + Path.DirectorySeparatorChar;

    /// <inheritdoc />
    public string TargetsLocation => Path.TrimEndingDirectorySeparator(_targetsDirectory) + Path.DirectorySeparatorChar;

    /// <inheritdoc />
    public Task<TufFetchResponse?> FetchMetadataAsync(string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (fileName.Length == 0 || fileName.IndexOfAny(new[] { '/', '\\', '\0' }) >= 0 || fileName is "." or "..")
        {
            throw new ArgumentException($"'{fileName}' is not a metadata file name.", nameof(fileName));
        }

        return Task.FromResult(Open(_metadataDirectory, new[] { fileName }, fileName));
    }

    /// <inheritdoc />
    public Task<TufFetchResponse?> FetchTargetAsync(IReadOnlyList<string> pathSegments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathSegments);
        return Task.FromResult(Open(_targetsDirectory, pathSegments, string.Join("/", pathSegments)));
    }

    private static TufFetchResponse? Open(string directory, IReadOnlyList<string> segments, string name)
    {
        var path = directory;
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.IndexOfAny(new[] { '/', '\\', '\0' }) >= 0)
            {
                throw new TufUnsafeTargetPathException(name, $"the part '{segment}' cannot be a file or folder name");
            }

            path = Path.Combine(path, segment);
        }

        var full = Path.GetFullPath(path);
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new TufUnsafeTargetPathException(name, "it leads out of the repository folder");
        }

        try
        {
            var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return new TufFetchResponse(stream, stream.Length, full);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TufFetchException(name, directory, ex.Message.TrimEnd('.'), ex);
        }
    }
}
