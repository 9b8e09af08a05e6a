namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK4300: a blob storage address that is not one of the accepted forms.</summary>
    public static readonly DiagnosticDescriptor Storage_InvalidLocation = Error(
        "SCSDK4300",
        nameof(Storage_InvalidLocation),
        "'{0}' is not a blob storage address of a TUF repository: {1}. Write https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX] (or, for a local emulator, http://127.0.0.1:PORT/ACCOUNT/CONTAINER[/PREFIX]).");

    /// <summary>SCSDK4301: the container of a blob storage repository does not exist.</summary>
    public static readonly DiagnosticDescriptor Storage_ContainerNotFound = Error(
        "SCSDK4301",
        nameof(Storage_ContainerNotFound),
        "The blob container of the TUF repository '{0}' does not exist ({1}). Create the container (the platform team's setup in README.md), or correct the address.");

    /// <summary>SCSDK4302: the storage service refused the credentials, or none could be found.</summary>
    public static readonly DiagnosticDescriptor Storage_AccessDenied = Error(
        "SCSDK4302",
        nameof(Storage_AccessDenied),
        "The TUF repository '{0}' refused access with the credentials from {1}: {2}. Give the CI identity the 'Storage Blob Data Contributor' role on the container, or set AZURE_STORAGE_CONNECTION_STRING for the right account.");

    /// <summary>SCSDK4303: another writer changed a blob between this writer's read and its write.</summary>
    public static readonly DiagnosticDescriptor Storage_ConcurrentWrite = Error(
        "SCSDK4303",
        nameof(Storage_ConcurrentWrite),
        "Another writer changed '{1}' of the TUF repository '{0}' while this one worked ({2}), so nothing of this writer's was made visible and the other writer's release stands. Run the command again: it starts from the new state.");

    /// <summary>SCSDK4304: the storage service kept failing (throttling, server errors, network) after the retries.</summary>
    public static readonly DiagnosticDescriptor Storage_Unavailable = Error(
        "SCSDK4304",
        nameof(Storage_Unavailable),
        "The storage of the TUF repository '{0}' kept failing for '{1}' after {2} tries ({3}). What clients see is unchanged; run again later, or check the account's throttling limits and health.");

    /// <summary>SCSDK4305: the writer lost its lease on the repository's lock blob.</summary>
    public static readonly DiagnosticDescriptor Storage_LeaseLost = Error(
        "SCSDK4305",
        nameof(Storage_LeaseLost),
        "This writer lost its lease on the lock blob '{1}' of the TUF repository '{0}' ({2}), so another writer may be working; it stopped before making anything visible. Run again; if it recurs, the runner was stalled longer than the lease period.");

    /// <summary>SCSDK4306: a storage request failed for another reason.</summary>
    public static readonly DiagnosticDescriptor Storage_RequestFailed = Error(
        "SCSDK4306",
        nameof(Storage_RequestFailed),
        "A request for '{1}' of the TUF repository '{0}' failed: {2}. What clients see is unchanged; fix the cause and run again.");

    /// <summary>SCSDK4307: a blob prefix that holds blobs but no TUF repository.</summary>
    public static readonly DiagnosticDescriptor Storage_NotARepository = Error(
        "SCSDK4307",
        nameof(Storage_NotARepository),
        "'{0}' is not a TUF repository: it holds other blobs (such as '{1}') but no 'metadata/1.root.json'. Give the prefix of a repository, or an empty prefix to 'supplychain tuf init'.");

    /// <summary>SCSDK4700: a real storage account reached with its account key.</summary>
    public static readonly DiagnosticDescriptor Storage_AccountKeyInUse = Warning(
        "SCSDK4700",
        nameof(Storage_AccountKeyInUse),
        "The TUF repository '{0}' is written with the storage account key from AZURE_STORAGE_CONNECTION_STRING. An account key opens the whole account and never expires; give CI an identity instead (workload identity federation or a managed identity with 'Storage Blob Data Contributor' on the container) and unset the variable.");
}
