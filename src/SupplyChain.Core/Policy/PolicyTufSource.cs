using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tuf;
using SupplyChain.Core.Tuf.Client;
using SupplyChain.Core.Tuf.Repository;

namespace SupplyChain.Core.Policy;

/// <summary>The TUF repository a policy check verifies packages and fetches attestations through.</summary>
/// <param name="TrustedRootPath">The trusted <c>root.json</c>.</param>
/// <param name="Remote">The repository: an http(s) URL or a folder.</param>
/// <param name="StateDirectory">Where verified metadata and fetched attestations are kept between checks.</param>
public sealed record PolicyTufSettings(string TrustedRootPath, string Remote, string StateDirectory)
{
    /// <summary>How to authenticate to a blob remote.</summary>
    public TufRemoteAuthMode AuthMode { get; init; } = TufRemoteAuthMode.Auto;

    /// <summary>The clock of the TUF client (a test seam).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>An HTTP handler (a test seam).</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>The remote as messages show it: no SAS token, no credentials.</summary>
    public string RemoteDisplay => SecretRedactor.RedactUrl(Remote) ?? Remote;
}

/// <summary>Whether a package is a verified TUF target.</summary>
/// <param name="IsTarget">True when a trusted role lists it and the .nupkg is that target.</param>
/// <param name="Problem">Why not, for the message.</param>
public sealed record PolicyTufTargetCheck(bool IsTarget, string? Problem);

/// <summary>An attestation sidecar listed as a TUF target of a package, fetched and checked against its signed length and hashes.</summary>
/// <param name="TargetPath">The target path (<c>id/version/id.version.intoto.jsonl</c>).</param>
/// <param name="LocalPath">The verified copy, or null when it could not be taken.</param>
/// <param name="Problem">Why its bytes were not taken (they do not match the target, or cannot be fetched), or null.</param>
public sealed record PolicyTufSidecar(string TargetPath, string? LocalPath, string? Problem);

/// <summary>
/// The policy check's TUF client: the full workflow (root, timestamp, snapshot, targets, delegations) through
/// <see cref="Updater"/>, run once and only when a package needs it; a package is a verified target when a trusted role
/// lists it at its flat-container path and the <c>.nupkg</c> in the packages folder is that target (as
/// <see cref="PackageTargetVerifier"/> checks it); attestation sidecars the repository lists beside a package
/// (the names the publishing build gives them: <c>&lt;id&gt;.&lt;version&gt;.intoto.jsonl</c>,
/// <c>.provenance.sigstore.json</c>, <c>.sigstore.json</c>) are fetched with their length and every hash checked, so
/// the attestation comes through the trusted channel. Metadata is kept in its own state folder (the project-wide
/// verification keeps its own), so the two never write one folder at once.
/// </summary>
public sealed class PolicyTufSource
{
    /// <summary>The sidecar suffixes looked for as targets beside a package, in order.</summary>
    public static IReadOnlyList<string> SidecarSuffixes { get; } = new[] { ".intoto.jsonl", ".provenance.sigstore.json", ".sigstore.json" };

    private readonly PolicyTufSettings _settings;
    private readonly string _baseDirectory;
    private readonly IDiagnosticSink _sink;
    private readonly List<VerifiedPackageTarget> _verified = new();
    private Updater? _updater;
    private string? _failure;
    private bool _started;

    /// <summary>Creates the source; nothing is fetched until a package needs it.</summary>
    /// <param name="settings">The repository.</param>
    /// <param name="baseDirectory">The folder a relative remote folder is relative to.</param>
    /// <param name="sink">Receives SCSDK6141 once when the repository fails a check.</param>
    public PolicyTufSource(PolicyTufSettings settings, string baseDirectory, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sink);
        _settings = settings;
        _baseDirectory = baseDirectory;
        _sink = sink;
    }

    /// <summary>The repository as messages show it (no credentials).</summary>
    public string RemoteDisplay => _settings.RemoteDisplay;

    /// <summary>The packages verified as targets so far.</summary>
    public IReadOnlyList<VerifiedPackageTarget> Verified => _verified;

    /// <summary>True when the client ran and the repository passed its checks.</summary>
    public bool Used => _updater?.TrustedMetadata is not null && _failure is null;

    /// <summary>When the first of the metadata used expires, or null when the client did not run or failed.</summary>
    public DateTimeOffset? ValidUntil => Used ? PackageTargetVerifier.TrustedUntil(_updater!.TrustedMetadata!) : null;

    /// <summary>The target path of a package's .nupkg: <c>id/version/id.version.nupkg</c>, lower case.</summary>
    public static string PackageTargetPath(string id, string version)
        => TargetPaths.NuGetPackageFolder(id, version) + "/" + TargetPaths.NuGetFileStem(id, version) + ".nupkg";

    /// <summary>Whether the package is a verified target and the .nupkg is that target.</summary>
    public PolicyTufTargetCheck CheckPackage(string id, string version, string nupkgPath)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(version);
        if (Start() is not { } updater)
        {
            return new PolicyTufTargetCheck(false, "the TUF repository failed a check: " + _failure);
        }

        var targetPath = PackageTargetPath(id, version);
        try
        {
            var search = updater.FindTargetAsync(targetPath).GetAwaiter().GetResult();
            if (search.Target is not { } target)
            {
                return new PolicyTufTargetCheck(false, $"no trusted role of '{_settings.RemoteDisplay}' lists the target '{targetPath}'");
            }

            if (!File.Exists(nupkgPath))
            {
                return new PolicyTufTargetCheck(false, $"the package file '{nupkgPath}' is missing");
            }

            var (matchedBy, problem) = PackageTargetVerifier.CompareFile(target, nupkgPath);
            if (problem is not null)
            {
                return new PolicyTufTargetCheck(false, $"the .nupkg '{nupkgPath}' is not the target '{targetPath}': {problem}");
            }

            _verified.Add(new VerifiedPackageTarget(id, version, targetPath, nupkgPath, matchedBy!));
            return new PolicyTufTargetCheck(true, null);
        }
        catch (TufRepositoryException ex)
        {
            return new PolicyTufTargetCheck(false, ex.Diagnostic.Message);
        }
    }

    /// <summary>
    /// The attestation sidecars the repository lists beside the package, each fetched into the state folder and checked
    /// against its target's signed length and hashes (fetched anew each time: a copy kept from an earlier check is
    /// never what is verified). Empty when the repository lists none or failed a check.
    /// </summary>
    public IReadOnlyList<PolicyTufSidecar> Sidecars(string id, string version)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(version);
        var result = new List<PolicyTufSidecar>();
        if (Start() is not { } updater)
        {
            return result;
        }

        var folder = TargetPaths.NuGetPackageFolder(id, version);
        var stem = TargetPaths.NuGetFileStem(id, version);
        foreach (var suffix in SidecarSuffixes)
        {
            var targetPath = folder + "/" + stem + suffix;
            TargetFile? target;
            try
            {
                target = updater.FindTargetAsync(targetPath).GetAwaiter().GetResult().Target;
            }
            catch (TufRepositoryException ex)
            {
                result.Add(new PolicyTufSidecar(targetPath, null, "its entry cannot be read: " + ex.Diagnostic.Message));
                continue;
            }

            if (target is null)
            {
                continue;
            }

            var local = Path.Combine(_settings.StateDirectory, "attestations", Updater.LocalFileName(targetPath));
            try
            {
                TryDelete(local);
                updater.DownloadTargetAsync(target, local).GetAwaiter().GetResult();
                result.Add(new PolicyTufSidecar(targetPath, local, null));
            }
            catch (TufRepositoryException ex)
            {
                result.Add(new PolicyTufSidecar(targetPath, null, ex.Diagnostic.Message));
            }
        }

        return result;
    }

    private Updater? Start()
    {
        if (_started)
        {
            return _failure is null ? _updater : null;
        }

        _started = true;
        byte[] root;
        try
        {
            root = File.ReadAllBytes(_settings.TrustedRootPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(new TufTrustedRootUnreadableException(_settings.TrustedRootPath, ex.Message.TrimEnd('.'), ex).Diagnostic.Message);
        }

        // One metadata folder per trusted root and remote: changing either starts from the new root.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Convert.ToBase64String(root) + "\n" + _settings.Remote))).ToLowerInvariant()[..16];
        var metadataDirectory = Path.Combine(_settings.StateDirectory, "metadata", key);
        try
        {
            if (!File.Exists(TufRoleNames.TrustedPathInFolder(metadataDirectory, TufRoles.Root)))
            {
                Updater.CheckTrustedRootFile(_settings.TrustedRootPath, root);
                Directory.CreateDirectory(metadataDirectory);
                Updater.Initialize(metadataDirectory, root);
            }

            var fetcher = TufRemote.Create(_settings.Remote, _baseDirectory, _settings.HttpHandler, _settings.AuthMode);
            _updater = new Updater(metadataDirectory, fetcher, new UpdaterOptions { TimeProvider = _settings.TimeProvider, StagingDirectory = _settings.StateDirectory });
            _updater.RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
            return _updater;
        }
        catch (TufRepositoryException ex)
        {
            return Fail(ex.Diagnostic.Message);
        }
        catch (SupplyChainException ex)
        {
            return Fail(ex.Diagnostic.Message);
        }
    }

    private Updater? Fail(string message)
    {
        _failure = message;
        _sink.Report(Diagnostic.Create(DiagnosticCatalog.Policy_TufRepositoryFailed, _settings.TrustedRootPath, 0, _settings.RemoteDisplay, message.TrimEnd('.')));
        return null;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The download replaces it anyway.
        }
    }
}
