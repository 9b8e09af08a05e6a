using System;
using System.IO;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>
/// Where the tools keep the Sigstore trusted root when none is given on the command line: the file named by
/// <c>SUPPLYCHAIN_SIGSTORE_TRUSTED_ROOT</c> (or <c>SUPPLYCHAIN_SIGSTORE_STAGING_TRUSTED_ROOT</c> for staging), else
/// <c>$XDG_CONFIG_HOME/supplychain/sigstore/trusted_root.json</c> (<c>trusted_root.staging.json</c>), with
/// <c>~/.config</c> when XDG_CONFIG_HOME is not set (<c>%APPDATA%</c> on Windows). It is never fetched: put the
/// <c>trusted_root.json</c> that <c>supplychain tuf verify</c> got from Sigstore's TUF repository there.
/// </summary>
public static class SigstoreTrustedRootStore
{
    /// <summary>The variable that overrides the production trusted root's path.</summary>
    public const string Variable = "SUPPLYCHAIN_SIGSTORE_TRUSTED_ROOT";

    /// <summary>The variable that overrides the staging trusted root's path.</summary>
    public const string StagingVariable = "SUPPLYCHAIN_SIGSTORE_STAGING_TRUSTED_ROOT";

    /// <summary>The configured path of the trusted root.</summary>
    public static string DefaultPath(bool staging)
    {
        var fromVariable = Environment.GetEnvironmentVariable(staging ? StagingVariable : Variable);
        if (!string.IsNullOrEmpty(fromVariable))
        {
            return fromVariable;
        }

        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config))
        {
            config = OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return Path.Combine(config, "supplychain", "sigstore", staging ? "trusted_root.staging.json" : "trusted_root.json");
    }

    /// <summary>Reads a trusted root file.</summary>
    /// <exception cref="SupplyChainException">SCSDK3103 when it is missing, unreadable or invalid.</exception>
    public static TrustedRoot Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Sigstore_TrustedRootInvalid, path, 0, path, "the file does not exist (give --trusted-root, or put the trusted root at " + DefaultPath(false) + ")");
            }

            if (info.Length > 16 * 1024 * 1024)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Sigstore_TrustedRootInvalid, path, 0, path, "it is larger than 16 MiB");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Sigstore_TrustedRootInvalid, path, 0, path, "it cannot be read: " + ex.Message), ex);
        }

        return TrustedRoot.Parse(bytes, path);
    }
}
