using System;
using System.IO;
using System.Net.Http;

namespace SupplyChain.Core.Tuf.Client;

/// <summary>
/// Makes the fetcher for a repository address as users give it: an http(s) URL or a folder of the repository,
/// which holds <c>metadata/</c> and <c>targets/</c> (the layout <c>supplychain tuf init</c> writes and any static
/// server serves).
/// </summary>
public static class TufRemote
{
    /// <summary>Creates the fetcher.</summary>
    /// <param name="remote">The base URL or folder of the repository.</param>
    /// <param name="baseDirectory">The folder a relative path is relative to; null for the current one.</param>
    /// <param name="handler">An HTTP handler (a test seam).</param>
    /// <exception cref="TufInvalidRemoteException">The address is neither an http(s) URL nor an existing folder.</exception>
    public static ITufFetcher Create(string remote, string? baseDirectory = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var text = remote.Trim();
        if (HttpTufFetcher.IsHttpUrl(text))
        {
            var root = text.EndsWith('/') ? text : text + "/";
            return new HttpTufFetcher(root + "metadata/", root + "targets/", handler);
        }

        if (text.Length > 0 && !text.Contains("://", StringComparison.Ordinal))
        {
            var folder = Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), text));
            if (Directory.Exists(folder))
            {
                return FolderTufFetcher.ForRepository(folder);
            }
        }

        throw new TufInvalidRemoteException(remote);
    }
}
