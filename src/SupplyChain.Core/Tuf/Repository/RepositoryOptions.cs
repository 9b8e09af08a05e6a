using System;
using System.Collections.Generic;
using System.Threading;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>How a <see cref="RepositoryEditor"/> runs.</summary>
public sealed class RepositoryOptions
{
    /// <summary>The default time to wait for another writer's lock.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The clock that expiry times are computed from (and judged against by <c>status</c>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long to wait for the repository's lock.</summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    /// <summary>Cancels the wait for the repository's lock (a cancelled build).</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary><c>ROLE=DAYS</c> expiry overrides for what this editor signs (see <see cref="RepositorySettings.Apply"/>).</summary>
    public IReadOnlyList<string>? ExpiryOverrides { get; init; }

    /// <summary>How a repository in blob storage is reached (lease period, retries); ignored for a folder.</summary>
    public Storage.BlobStorageOptions BlobStorage { get; init; } = new();

    /// <summary>Receives warnings and low-importance messages; null to drop them.</summary>
    public IDiagnosticSink? Sink { get; init; }

    /// <summary>
    /// Test seam (fault injection): called after every durable write, in order. Throwing from it stops the operation
    /// exactly there, as if the process had been killed; the repository must still verify.
    /// </summary>
    public Action<RepositoryWrite>? AfterWrite { get; init; }
}

/// <summary>What a durable write stored.</summary>
public enum RepositoryWriteKind
{
    /// <summary>A target file under <c>targets/</c>.</summary>
    TargetFile,

    /// <summary>A versioned metadata file of a targets role (top-level or delegated).</summary>
    TargetsMetadata,

    /// <summary>The list of roles signed since the last snapshot.</summary>
    Pending,

    /// <summary>A versioned snapshot.</summary>
    Snapshot,

    /// <summary><c>timestamp.json</c>.</summary>
    Timestamp,

    /// <summary>A versioned root, or <c>root.json</c>.</summary>
    Root,

    /// <summary>The repository's settings.</summary>
    Settings,

    /// <summary>A new repository's folder moved into place.</summary>
    Repository,
}

/// <summary>One durable write of an operation, as <see cref="RepositoryOptions.AfterWrite"/> sees it.</summary>
/// <param name="Number">1 for the first write of the operation, then 2, 3...</param>
/// <param name="Kind">What was written.</param>
/// <param name="Path">The file (or folder) written.</param>
public sealed record RepositoryWrite(int Number, RepositoryWriteKind Kind, string Path);
