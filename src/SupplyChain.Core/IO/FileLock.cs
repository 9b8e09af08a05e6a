using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace SupplyChain.Core.IO;

/// <summary>
/// An exclusive cross-process lock: a lock file opened with <see cref="FileShare.None"/>, which .NET turns into an
/// exclusive lock (<c>flock</c> on Unix, a sharing mode on Windows) that the operating system releases when the
/// process ends, however it ends. The file itself is never deleted (deleting a lock file lets two writers hold "the"
/// lock at once).
/// </summary>
public sealed class FileLock : IDisposable
{
    private static readonly TimeSpan s_retryInterval = TimeSpan.FromMilliseconds(25);
    private FileStream? _stream;

    private FileLock(FileStream stream)
    {
        _stream = stream;
    }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> for another holder.</summary>
    /// <exception cref="TimeoutException">Another holder kept it for the whole timeout.</exception>
    /// <exception cref="IOException">The lock file cannot be made.</exception>
    /// <exception cref="UnauthorizedAccessException">The lock file cannot be made.</exception>
    public static FileLock Acquire(string path, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
            }
            catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                if (watch.Elapsed >= timeout)
                {
                    throw new TimeoutException($"'{path}' stayed locked for {timeout.TotalSeconds:0} s.", ex);
                }

                Thread.Sleep(s_retryInterval);
            }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
