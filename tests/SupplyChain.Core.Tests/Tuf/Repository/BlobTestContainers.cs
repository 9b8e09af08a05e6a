using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SupplyChain.Core.Storage;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Tuf.Repository;

/// <summary>The storage kinds the repository guarantees are tested on.</summary>
internal static class StoreKinds
{
    public const string Folder = "folder";
    public const string Blob = "blob";

    /// <summary>Folder, and blob storage (Azurite) wherever it can run: always under CI=true, where it must.</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string> { Folder };
            if (StorageEmulator.SkipReason is null)
            {
                data.Add(Blob);
            }

            return data;
        }
    }

    /// <summary><see cref="All"/> crossed with the given numbers of hashed bins.</summary>
    public static TheoryData<string, int> WithBins(params int[] bins)
    {
        var data = new TheoryData<string, int>();
        foreach (var store in StorageEmulator.SkipReason is null ? new[] { Folder, Blob } : new[] { Folder })
        {
            foreach (var count in bins)
            {
                data.Add(store, count);
            }
        }

        return data;
    }

    public static TheoryData<string, int> NoBinsAndEight => WithBins(0, 8);
}

/// <summary>Containers in the shared Azurite of the test process, created public-read like a served repository.</summary>
internal static class BlobTestContainers
{
    /// <summary>Retries that keep fault-injection tests quick.</summary>
    public static readonly BlobStorageOptions FastRetries = new() { LeaseDuration = TimeSpan.FromSeconds(15), RetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(400), MaxRetries = 3 };

    /// <summary>A new container (anonymous blob read) and the URL of a repository prefix in it.</summary>
    public static string NewRepositoryUrl(string prefix = "repo")
    {
        var container = NewContainer();
        return container.Uri.AbsoluteUri.TrimEnd('/') + (prefix.Length == 0 ? string.Empty : "/" + prefix);
    }

    public static BlobContainerClient NewContainer(bool create = true)
    {
        var emulator = StorageEmulator.Shared;
        var client = new BlobContainerClient(emulator.ConnectionString, "t" + Guid.NewGuid().ToString("N")[..20]);
        if (create)
        {
            client.Create(PublicAccessType.Blob);
        }

        return client;
    }

    /// <summary>The container client and the blob name prefix of a repository URL.</summary>
    public static (BlobContainerClient Container, string Prefix) Open(string url)
    {
        var location = BlobLocation.Parse(url);
        return (new BlobContainerClient(StorageEmulator.Shared.ConnectionString, location.Container), location.Prefix);
    }

    /// <summary>The keys of every blob of the repository.</summary>
    public static IEnumerable<string> List(string url)
    {
        var (container, prefix) = Open(url);
        return container.GetBlobs(BlobTraits.None, BlobStates.None, prefix, default).Select(b => b.Name[prefix.Length..]).ToList();
    }

    /// <summary>Copies every blob of the repository into <paramref name="folder"/>.</summary>
    public static void Download(string url, string folder)
    {
        var (container, prefix) = Open(url);
        foreach (var item in container.GetBlobs(BlobTraits.None, BlobStates.None, prefix, default))
        {
            var path = Path.Combine(folder, item.Name[prefix.Length..].Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, container.GetBlobClient(item.Name).DownloadContent().Value.Content.ToArray());
        }

        Directory.CreateDirectory(Path.Combine(folder, "targets"));
    }

    public static BlobClient Blob(string url, string key)
    {
        var (container, prefix) = Open(url);
        return container.GetBlobClient(prefix + key);
    }
}
