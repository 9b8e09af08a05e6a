using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>The file operations of a repository: every file reaches its name by a rename of a flushed temporary file.</summary>
internal static class RepositoryFiles
{
    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Writes a file that must not exist: a temporary file renamed without replacing (an existing file is an error),
    /// flushed to disk first unless <paramref name="flush"/> is false (then the caller calls <see cref="Flush"/>
    /// before anything that refers to the file is written).
    /// </summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> bytes, bool flush = true)
    {
        var temp = TempPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: flush);
            }

            File.Move(temp, path, overwrite: false);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Copies <paramref name="sourcePath"/> to <c>targets/DIR/SHA256.NAME</c>, hashing while copying. A stored file of
    /// that name with the same bytes is kept; a different one (damaged or planted) is replaced.
    /// </summary>
    /// <returns>The length, the SHA-256, and the stored path when a file was written (null when the same file was there).</returns>
    public static (long Length, string Sha256, string? Written) StoreTarget(string sourcePath, string targetPath, RepositoryLayout layout, bool flush = true)
    {
        var folder = Path.GetDirectoryName(layout.TargetFile(targetPath, new string('0', 64)))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            long length = 0;
            byte[] digest;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                using (var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan))
                using (var destination = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
                {
                    var buffer = new byte[BufferSize];
                    int read;
                    while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        destination.Write(buffer, 0, read);
                        length += read;
                    }

                    destination.Flush(flushToDisk: flush);
                }

                digest = hash.GetHashAndReset();
            }

            var sha256 = Convert.ToHexString(digest).ToLowerInvariant();
            var final = layout.TargetFile(targetPath, sha256);
            if (File.Exists(final) && HasContent(final, length, digest))
            {
                TryDelete(temp);
                return (length, sha256, null);
            }

            File.Move(temp, final, overwrite: true);
            return (length, sha256, final);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Flushes files written without flushing to disk (many fsyncs of files the kernel already wrote back are cheap).</summary>
    public static void Flush(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>A temporary name beside <paramref name="path"/>, hidden, never a name clients fetch.</summary>
    public static string TempPath(string path)
        => Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool HasContent(string path, long length, byte[] sha256)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        if (stream.Length != length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(stream), sha256);
    }
}
