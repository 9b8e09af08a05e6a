using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Core.Tuf.Repository;

/// <summary>
/// Which path a file gets in the repository: the one rule <c>supplychain tuf add</c> and publishing on pack
/// (<see cref="PackagePublisher"/>) share. A .nupkg goes to its NuGet flat-container path
/// (<see cref="PackageTargets.ForPackage"/>), with its sidecars beside it: the files whose name starts with the
/// package file's name without <c>.nupkg</c> and a dot, ignoring case (<c>Foo.1.0.0.cdx.json</c> of
/// <c>Foo.1.0.0.nupkg</c>). A folder adds every file below it at its relative path; any other file goes to its file
/// name. An explicit path names the single file's target path, or, ending in <c>/</c>, the folder everything goes to
/// (then no flat-container rule applies).
/// </summary>
public static class TargetInputs
{
    /// <summary>The files among <paramref name="candidates"/> that are sidecars of <paramref name="nupkgPath"/>.</summary>
    public static IReadOnlyList<string> SidecarsOf(string nupkgPath, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(nupkgPath);
        ArgumentNullException.ThrowIfNull(candidates);
        var stem = Path.GetFileNameWithoutExtension(nupkgPath) + ".";
        return candidates.Where(c => Path.GetFileName(c).StartsWith(stem, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The target requests of a package and those of <paramref name="candidates"/> that are its sidecars.</summary>
    /// <exception cref="SupplyChainException">SCSDK4109 when the package's id and version cannot be read.</exception>
    public static IReadOnlyList<TargetRequest> ForPackage(string nupkgPath, IEnumerable<string> candidates)
        => PackageTargets.ForPackage(nupkgPath, SidecarsOf(nupkgPath, candidates));

    /// <summary>The target requests of files and folders given on a command line, with an optional target path.</summary>
    /// <param name="inputs">Files and folders.</param>
    /// <param name="path">The target path of a single file; ending in <c>/</c>, the folder the files go to; or null.</param>
    /// <param name="command">The command named when an input does not exist.</param>
    /// <exception cref="SupplyChainException">SCSDK6002 when an input does not exist; SCSDK4106 when a target path names several files.</exception>
    public static IReadOnlyList<TargetRequest> FromFiles(IReadOnlyList<string> inputs, string? path, string command = "supplychain tuf add")
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<(string Source, string? Relative)>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                foreach (var file in Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                {
                    files.Add((file, Path.GetRelativePath(input, file).Replace('\\', '/')));
                }
            }
            else if (File.Exists(input))
            {
                files.Add((input, null));
            }
            else
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, input, command);
            }
        }

        var folder = path is not null && path.EndsWith('/') ? path : null;
        if (path is not null && folder is null)
        {
            if (files.Count != 1 || files[0].Relative is not null)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.TufRepository_InvalidSetting, null, 0, "--path", path, "a target path names one file; end it with '/' to name the folder of several files");
            }

            return new[] { new TargetRequest(files[0].Source, path) };
        }

        var requests = new List<TargetRequest>();
        if (folder is not null)
        {
            foreach (var (source, relative) in files)
            {
                requests.Add(new TargetRequest(source, folder + (relative ?? Path.GetFileName(source))));
            }

            return requests;
        }

        // Packages at their flat-container paths, with the files named after them beside them.
        var packages = files.Where(f => f.Relative is null && f.Source.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase)).Select(f => f.Source).ToList();
        var candidates = files.Where(f => f.Relative is null && !packages.Contains(f.Source)).Select(f => f.Source).ToList();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            var sidecars = SidecarsOf(package, candidates);
            claimed.UnionWith(sidecars);
            requests.AddRange(PackageTargets.ForPackage(package, sidecars));
        }

        foreach (var (source, relative) in files)
        {
            if (!packages.Contains(source) && !claimed.Contains(source))
            {
                requests.Add(new TargetRequest(source, relative ?? Path.GetFileName(source)));
            }
        }

        return requests;
    }
}
