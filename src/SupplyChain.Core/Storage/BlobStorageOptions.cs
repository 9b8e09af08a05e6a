using System;
using System.Net.Http;

namespace SupplyChain.Core.Storage;

/// <summary>Which credentials reach the container (Azure CLI's <c>--auth-mode</c>, plus the default order).</summary>
public enum BlobCredentialMode
{
    /// <summary>The SAS token of the address, else <c>AZURE_STORAGE_CONNECTION_STRING</c>, else <c>DefaultAzureCredential</c>.</summary>
    Auto,

    /// <summary>The SAS token of the address or <c>AZURE_STORAGE_CONNECTION_STRING</c>; an error when there is neither.</summary>
    Key,

    /// <summary><c>DefaultAzureCredential</c> (managed identity, workload identity, Azure CLI), even when a connection string is set.</summary>
    Login,
}

/// <summary>How the repository talks to blob storage: the credentials, the lease period and the bounded retries.</summary>
public sealed class BlobStorageOptions
{
    /// <summary>The lease period of the lock blob: a killed writer's lease expires after it, at most.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>Which credentials to use.</summary>
    public BlobCredentialMode Credential { get; init; } = BlobCredentialMode.Auto;

    /// <summary>Whether <see cref="AzureBlobContainer.Connect"/> checks that the container exists (a reader with a blob-scoped SAS cannot).</summary>
    public bool CheckContainer { get; init; } = true;

    /// <summary>The lease period (15 to 60 seconds, the service's bounds); renewed every third of it while the writer works.</summary>
    public TimeSpan LeaseDuration { get; init; } = DefaultLeaseDuration;

    /// <summary>Retries of a request that failed with throttling (429), a server error (5xx) or a network error.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>The first retry delay; it doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one request may take.</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>A connection string to use instead of <c>AZURE_STORAGE_CONNECTION_STRING</c> (tests); null to read the variable.</summary>
    internal string? ConnectionString { get; init; }

    /// <summary>Test seam: the HTTP handler under the storage client (fault injection); null for the default.</summary>
    internal HttpMessageHandler? Handler { get; init; }
}
