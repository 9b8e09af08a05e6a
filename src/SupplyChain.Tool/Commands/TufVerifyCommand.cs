using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain tuf verify --root ROOT.json --repo DIR_OR_URL [--target PATH --out FILE] [--metadata-dir DIR]</c>:
/// the TUF client workflow against a repository (a folder or an http(s) URL with <c>metadata/</c> and
/// <c>targets/</c>), starting from a root the user trusts; with <c>--target</c>, the target is found (delegations
/// included), downloaded and checked, and written to <c>--out</c>. With <c>--metadata-dir</c> the trusted metadata is
/// kept between runs (its stored root, once there, is the one trusted); without it, a temporary folder is used.
/// Exit code 0 when everything verified, 1 when the repository failed a check, 2 on bad usage or unreadable input
/// (the root file, or a file that is not TUF root metadata given as it; an unusable file of the metadata folder; an
/// unreachable repository). A finding about the trusted root names the <c>--root</c> file while the stored root is
/// still the copy of it.
/// </summary>
internal static class TufVerifyCommand
{
    /// <summary>The clock (a test seam).</summary>
    internal static TimeProvider Clock { get; set; } = TimeProvider.System;

    public static Command Create(CommandContext context)
    {
        var root = new Option<string>("--root") { Description = "The trusted root.json (distributed out of band).", Required = true };
        var repo = new Option<string>("--repo") { Description = "The repository: a folder or an http(s) URL holding 'metadata/' and 'targets/'.", Required = true };
        var target = new Option<string?>("--target") { Description = "A target path to find, download and verify (a package's is '<id>/<version>/<id>.<version>.nupkg')." };
        var output = new Option<string?>("--out") { Description = "Where to write the verified target (with --target)." };
        var metadataDir = new Option<string?>("--metadata-dir") { Description = "A folder that keeps the trusted metadata between runs." };
        var authMode = new Option<string?>("--auth-mode") { Description = "How to read an Azure blob repository: auto (its SAS token or AZURE_STORAGE_CONNECTION_STRING when they are for it, else anonymous), anonymous, key, login (DefaultAzureCredential)." };
        var command = new Command("verify", "Runs the TUF client workflow against a repository and verifies a target.") { root, repo, target, output, metadataDir, authMode };
        command.SetAction(parse => context.Run(sink => Verify(parse.GetValue(root)!, parse.GetValue(repo)!, parse.GetValue(target), parse.GetValue(output), parse.GetValue(metadataDir), sink, context, TufRemote.ParseAuthMode(parse.GetValue(authMode), "--auth-mode"))));
        return command;
    }

    internal static ExitCode Verify(string rootPath, string remote, string? targetPath, string? outputPath, string? metadataDirectory, ConsoleDiagnosticSink sink, CommandContext context, TufRemoteAuthMode authMode = TufRemoteAuthMode.Auto)
    {
        if (outputPath is not null && targetPath is null)
        {
            context.Error.WriteLine("supplychain: error: --out needs --target.");
            return ExitCode.UsageOrInput;
        }

        var temporary = metadataDirectory is null ? Path.Combine(Path.GetTempPath(), "supplychain-tuf-" + Guid.NewGuid().ToString("N")) : null;
        var directory = Path.GetFullPath(metadataDirectory ?? temporary!);
        Updater? updater = null;
        var storedRoot = TufRoleNames.TrustedPathInFolder(directory, TufRoles.Root);
        byte[]? copiedRoot = null;
        try
        {
            var fetcher = TufRemote.Create(remote, authMode: authMode);
            if (!File.Exists(storedRoot))
            {
                byte[] trusted;
                try
                {
                    trusted = File.ReadAllBytes(rootPath);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new TufTrustedRootUnreadableException(rootPath, ex.Message.TrimEnd('.'), ex);
                }

                // A key or another role's file given as --root is a usage mistake, named as the user gave it.
                Updater.CheckTrustedRootFile(rootPath, trusted);
                Directory.CreateDirectory(directory);
                Updater.Initialize(directory, trusted);
                copiedRoot = trusted;
            }

            updater = new Updater(directory, fetcher, new UpdaterOptions { TimeProvider = Clock });
            var trustedSet = updater.RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
            context.Out.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "verified: root v{0}, timestamp v{1}, snapshot v{2}, targets v{3} of '{4}' (the timestamp expires {5}).",
                trustedSet.Root.Signed.Version,
                trustedSet.Timestamp!.Signed.Version,
                trustedSet.Snapshot!.Signed.Version,
                trustedSet.Targets!.Signed.Version,
                SecretRedactor.RedactUrls(remote),
                TufDateTime.Format(trustedSet.Timestamp.Signed.Expires)));
            if (targetPath is null)
            {
                return ExitCode.Success;
            }

            var found = updater.FindTargetAsync(targetPath, CancellationToken.None).GetAwaiter().GetResult();
            if (!found.IsFound)
            {
                throw new TufTargetNotFoundException(found, fetcher.MetadataLocation);
            }

            var destination = outputPath ?? Path.Combine(directory, ".download-" + Guid.NewGuid().ToString("N"));
            try
            {
                updater.DownloadTargetAsync(found.Target!, destination, CancellationToken.None).GetAwaiter().GetResult();
            }
            finally
            {
                if (outputPath is null)
                {
                    File.Delete(destination);
                }
            }

            context.Out.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "verified: target '{0}' ({1} bytes, listed by '{2}'){3}.",
                targetPath,
                found.Target!.Length,
                found.RoleName,
                outputPath is null ? string.Empty : " written to '" + outputPath + "'"));
            return ExitCode.Success;
        }
        catch (TufRepositoryException ex)
        {
            // Caught before CommandContext.Run sees it: reported here with the file it is about.
            var file = ex is TufTrustedRootUnreadableException or TufTrustedRootNotRootMetadataException or TufInvalidRemoteException ? null : updater?.CurrentFile;
            if (file is not null && copiedRoot is not null && IsCopyOf(file, storedRoot, copiedRoot))
            {
                // The stored root is still the copy of --root made above (a temporary folder, or a new
                // --metadata-dir): name the user's file, not the copy.
                file = Path.GetFullPath(rootPath);
            }

            sink.Report(ex.Diagnostic with { File = file ?? ex.Diagnostic.File ?? (ex is TufTrustedRootNotRootMetadataException ? rootPath : null) });
            return ex is TufTrustedRootUnreadableException or TufTrustedRootNotRootMetadataException or TufInvalidRemoteException or TufFetchException or TufStoredMetadataException
                ? ExitCode.UsageOrInput
                : ExitCode.VerificationFailed;
        }
        finally
        {
            if (temporary is not null && Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    private static bool IsCopyOf(string file, string storedRoot, byte[] copiedRoot)
    {
        if (!string.Equals(file, storedRoot, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return File.ReadAllBytes(storedRoot).AsSpan().SequenceEqual(copiedRoot);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
