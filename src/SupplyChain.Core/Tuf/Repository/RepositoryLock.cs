using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// The cross-process lock of a repository: the lock file opened with <see cref="FileShare.None"/>, which .NET turns
/// into an exclusive lock (<c>flock</c> on Unix, a sharing mode on Windows) that the operating system releases when
/// the process ends, however it ends. Taking it retries until a timeout; the file itself is never deleted (deleting
/// a lock file lets two writers hold "the" lock at once).
/// </summary>
public sealed class RepositoryLock : IDisposable
{
    private static readonly TimeSpan s_retryInterval = TimeSpan.FromMilliseconds(50);
    private FileStream? _stream;

    private RepositoryLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock of the repository, waiting up to <paramref name="timeout"/> for another holder.</summary>
    /// <exception cref="SupplyChainException">SCSDK4102 after the timeout; SCSDK4113 when the lock file cannot be made.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public static RepositoryLock Acquire(RepositoryLayout layout, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var path = layout.LockFile;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Directory.CreateDirectory(layout.StateDirectory);
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
                return new RepositoryLock(stream, path);
            }
            catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                // Held by another process (or another open in this one).
                if (watch.Elapsed >= timeout)
                {
                    throw SupplyChainException.Create(
                        DiagnosticCatalog.TufRepository_Locked, null, 0, layout.Directory, path, ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
                }

                if (cancellationToken.WaitHandle.WaitOne(s_retryInterval))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_WriteFailed, null, 0, layout.Directory, path, ex.Message);
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
