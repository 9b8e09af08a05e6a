using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChain.Core.Assets;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Attestations;

/// <summary>
/// Builds the SLSA provenance v1 predicate (<c>https://slsa.dev/provenance/v1</c>) of a <c>dotnet pack</c>:
/// <c>buildDefinition</c> (build type <see cref="AttestationUris.DotNetPackBuildTypeV1"/>, the project, configuration,
/// package and source as external parameters, the SDK, MSBuild and OS as internal parameters, and as resolved
/// dependencies the source commit and every NuGet package the lock file pins, each with the SHA-512 of its .nupkg file)
/// and <c>runDetails</c> (the builder from the CI environment, the invocation, start and finish times).
/// The layout is documented in <c>docs/attestations.md</c>.
/// </summary>
public static class SlsaProvenanceBuilder
{
    /// <summary>The annotation of a package dependency that holds NuGet's base64 content hash (what the lock file pins).</summary>
    public const string NuGetContentHashAnnotation = "nugetContentHash";

    /// <summary>Builds the predicate.</summary>
    public static JsonObject BuildPredicate(SlsaProvenanceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var repositoryUrl = SanitizeRepositoryUrl(request.RepositoryUrl);
        var commit = NormalizeCommit(request.RepositoryCommit);
        var gitRef = SourceIdentity.NormalizeRef(request.RepositoryRef);

        var external = new JsonObject { ["project"] = request.ProjectPath };
        if (!string.IsNullOrWhiteSpace(request.Configuration))
        {
            external["configuration"] = request.Configuration;
        }

        external["package"] = new JsonObject { ["id"] = request.PackageId, ["version"] = request.PackageVersion };
        if (repositoryUrl is not null || commit is not null || gitRef is not null)
        {
            var source = new JsonObject();
            if (repositoryUrl is not null)
            {
                source["repository"] = repositoryUrl;
            }

            if (gitRef is not null)
            {
                source["ref"] = gitRef;
            }

            if (commit is not null)
            {
                source["commit"] = commit;
            }

            external["source"] = source;
        }

        var internalParameters = new JsonObject();
        AddIfSet(internalParameters, "dotnetSdkVersion", request.DotNetSdkVersion);
        AddIfSet(internalParameters, "msbuildVersion", request.MSBuildVersion);
        AddIfSet(internalParameters, "supplyChainSdkVersion", request.SupplyChainSdkVersion);
        AddIfSet(internalParameters, "os", request.OperatingSystem);
        AddIfSet(internalParameters, "osArchitecture", request.OperatingSystemArchitecture);

        var dependencies = new JsonArray();
        if (SourceDependency(repositoryUrl, commit, gitRef) is { } sourceDependency)
        {
            dependencies.Add(sourceDependency.ToJsonObject());
        }

        foreach (var package in request.Packages)
        {
            dependencies.Add(package.ToJsonObject());
        }

        var builder = new JsonObject { ["id"] = request.Builder.Id };
        if (!string.IsNullOrWhiteSpace(request.SupplyChainSdkVersion))
        {
            builder["version"] = new JsonObject { ["SupplyChain.Sdk"] = request.SupplyChainSdkVersion };
        }

        return new JsonObject
        {
            ["buildDefinition"] = new JsonObject
            {
                ["buildType"] = AttestationUris.DotNetPackBuildTypeV1,
                ["externalParameters"] = external,
                ["internalParameters"] = internalParameters,
                ["resolvedDependencies"] = dependencies,
            },
            ["runDetails"] = new JsonObject
            {
                ["builder"] = builder,
                ["metadata"] = new JsonObject
                {
                    ["invocationId"] = request.Builder.InvocationId,
                    ["startedOn"] = FormatTimestamp(request.StartedOn),
                    ["finishedOn"] = FormatTimestamp(request.FinishedOn),
                },
            },
        };
    }

    /// <summary>
    /// The source as a resolved dependency, as GitHub's and SLSA's build types write it:
    /// <c>{"uri":"git+&lt;repository&gt;@&lt;ref&gt;","digest":{"gitCommit":"&lt;commit&gt;"}}</c> (<c>@&lt;commit&gt;</c>
    /// when no ref is known); without a repository URL only the digest; null without a commit.
    /// </summary>
    public static ResourceDescriptor? SourceDependency(string? repositoryUrl, string? commit, string? gitRef = null)
    {
        var normalizedCommit = NormalizeCommit(commit);
        if (normalizedCommit is null)
        {
            return null;
        }

        var url = SanitizeRepositoryUrl(repositoryUrl);
        var digest = new[] { new KeyValuePair<string, string>("gitCommit", normalizedCommit) };
        return new ResourceDescriptor(null, digest)
        {
            Uri = url is null ? null : (url.StartsWith("git+", StringComparison.Ordinal) ? url : "git+" + url) + "@" + (SourceIdentity.NormalizeRef(gitRef) ?? normalizedCommit),
        };
    }

    /// <summary>
    /// Every NuGet package of the project's lock file (or, without one, of its assets file) as a resolved dependency:
    /// name = id, uri = <c>pkg:nuget/Id@Version</c>, digest <c>sha512</c> = hex SHA-512 of the .nupkg file in the
    /// packages folder, annotation <see cref="NuGetContentHashAnnotation"/> = NuGet's content hash. Ordered by id and version.
    /// A package whose .nupkg is not in the packages folder is listed without a digest (reported at low importance).
    /// </summary>
    /// <param name="lockFilePath">The <c>packages.lock.json</c>, or null / a missing file.</param>
    /// <param name="assetsFilePath">The <c>project.assets.json</c> (its package folders), or null / a missing file.</param>
    /// <param name="sink">Receives low-importance messages.</param>
    /// <exception cref="SupplyChainException">A lock, assets or package file cannot be read.</exception>
    public static IReadOnlyList<ResourceDescriptor> ResolveNuGetPackages(string? lockFilePath, string? assetsFilePath, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var assets = !string.IsNullOrEmpty(assetsFilePath) && File.Exists(assetsFilePath) ? ProjectAssetsFile.Read(assetsFilePath) : null;
        var packages = new Dictionary<string, (string Id, string Version, string? ContentHash)>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(lockFilePath) && File.Exists(lockFilePath))
        {
            var lockFile = PackagesLockFileReader.Read(lockFilePath);
            foreach (var dependency in lockFile.Targets.SelectMany(t => t.Dependencies).Where(d => d.IsPackage && !string.IsNullOrEmpty(d.Resolved)))
            {
                packages.TryAdd(dependency.Id + "/" + dependency.Resolved, (dependency.Id, dependency.Resolved!, dependency.ContentHash));
            }
        }
        else if (assets is not null)
        {
            sink.Trace("No packages lock file: the provenance lists the packages of the assets file '" + assets.Path + "'.");
            foreach (var library in assets.Libraries.Where(l => l.IsPackage))
            {
                packages.TryAdd(library.Id + "/" + library.Version, (library.Id, library.Version, library.Sha512));
            }
        }
        else
        {
            sink.Trace("Neither a packages lock file nor an assets file was found: the provenance lists no NuGet packages.");
        }

        var result = new List<ResourceDescriptor>(packages.Count);
        foreach (var (id, version, lockedHash) in packages.Values
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.Version, StringComparer.OrdinalIgnoreCase))
        {
            var location = assets is null
                ? null
                : Locate(assets.PackageFolders, assets.FindLibrary(id, version) ?? new AssetsLibrary(id, version, "package", null, lockedHash, Array.Empty<string>()));
            var digest = new List<KeyValuePair<string, string>>();
            var contentHash = lockedHash;
            if (location is not null)
            {
                var hashes = PackageDigestCache.ComputeShared(location.NupkgPath);
                digest.Add(new KeyValuePair<string, string>("sha512", Convert.ToHexString(Convert.FromBase64String(hashes.FileSha512)).ToLowerInvariant()));
                contentHash ??= hashes.ContentHash;
            }
            else
            {
                sink.Trace($"The package '{id}' {version} is not in the packages folder; the provenance lists it without a file digest.");
            }

            var annotations = contentHash is null ? null : new JsonObject { [NuGetContentHashAnnotation] = contentHash };
            result.Add(new ResourceDescriptor(id, digest) { Uri = PackageUrl.NuGet(id, version), Annotations = annotations });
        }

        return result;
    }

    /// <summary>An RFC 3339 UTC timestamp with seconds, as SLSA and in-toto write them (<c>2026-11-21T10:00:00Z</c>).</summary>
    public static string FormatTimestamp(DateTimeOffset time)
        => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A repository URL fit to publish: trimmed, without user name and password (a token in a clone URL), without
    /// query and fragment; <c>git@host:owner/repo</c> as <c>ssh://git@host/owner/repo</c>; null when empty or a local path.
    /// </summary>
    public static string? SanitizeRepositoryUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var trimmed = url.Trim();
        var prefix = trimmed.StartsWith("git+", StringComparison.Ordinal) ? "git+" : string.Empty;
        if (Uri.TryCreate(trimmed[prefix.Length..], UriKind.Absolute, out var uri))
        {
            if (uri.IsFile || uri.IsUnc || string.IsNullOrEmpty(uri.Host))
            {
                // A local folder as the remote is a machine path, not a public address.
                return null;
            }

            // An ssh user name (git@) is an account, not a secret; any other user info may hold a token.
            var keepUser = uri.Scheme == "ssh" && !uri.UserInfo.Contains(':', StringComparison.Ordinal);
            var builder = new UriBuilder(uri) { UserName = keepUser ? uri.UserInfo : string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty };
            var text = builder.Uri.GetComponents((keepUser ? UriComponents.UserInfo : 0) | UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            return prefix + text;
        }

        // An scp-like address (git@host:owner/repo.git) is ssh: written as the URL it stands for, as the SBOM writes it.
        if (IsScpLike(trimmed[prefix.Length..]))
        {
            var address = trimmed[prefix.Length..];
            var colon = address.IndexOf(':', StringComparison.Ordinal);
            return prefix + "ssh://" + address[..colon] + "/" + address[(colon + 1)..].TrimStart('/');
        }

        return null;
    }

    private static PackageLocation? Locate(IReadOnlyList<string> packageFolders, AssetsLibrary library)
        => PackageFileLocator.Find(packageFolders, library.Id, library.Version, library.Path, library.Files);

    private static bool IsScpLike(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return colon > 0 && at < colon && !value.Contains("://", StringComparison.Ordinal) && !value.Contains(' ', StringComparison.Ordinal)
            && value.IndexOf('/', StringComparison.Ordinal) is var slash && (slash < 0 || slash > colon);
    }

    /// <summary>A full commit id (40 or 64 hex digits) in lower case, or null.</summary>
    public static string? NormalizeCommit(string? commit)
    {
        if (string.IsNullOrWhiteSpace(commit))
        {
            return null;
        }

        var value = commit.Trim().ToLowerInvariant();
        return value.Length is 40 or 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f') ? value : null;
    }

    private static void AddIfSet(JsonObject obj, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            obj[name] = value.Trim();
        }
    }
}
