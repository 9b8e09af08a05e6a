using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Packages;

namespace SupplyChain.Core.Adoption;

/// <summary>What <c>supplychain init</c> will change, and what it leaves to a human.</summary>
public sealed class AdoptionPlan
{
    internal AdoptionPlan(IReadOnlyList<AdoptionFileChange> changes, IReadOnlyList<string> notes, IReadOnlyList<Diagnostic> problems, bool refused)
    {
        Changes = changes;
        Notes = notes;
        Problems = problems;
        IsRefused = refused;
    }

    /// <summary>The files to write, ordered by path.</summary>
    public IReadOnlyList<AdoptionFileChange> Changes { get; }

    /// <summary>One line per change, for people.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>What needs a human (errors), and why a plan was refused.</summary>
    public IReadOnlyList<Diagnostic> Problems { get; }

    /// <summary>True when the plan must not be written (a file outside the repository).</summary>
    public bool IsRefused { get; }
}

/// <summary>
/// Plans the edits that adopt SupplyChain.Sdk: the SDK reference (pinned), lock files and CI locked mode, package
/// source mapping from the sources that served each package, and pinned versions in place of floating and ranged
/// ones. Reads the files it edits; writes nothing.
/// </summary>
public static class AdoptionPlanner
{
    /// <summary>The SDK's package id.</summary>
    public const string SdkPackageId = "SupplyChain.Sdk";

    /// <summary>The condition under which Directory.Build.props turns on locked mode: the SDK's own notion of CI.</summary>
    public const string ContinuousIntegrationCondition =
        "'$(ContinuousIntegrationBuild)' == 'true' or ('$(CI)' != '' and '$(CI)' != 'false' and '$(CI)' != '0') or '$(TF_BUILD)' != '' or '$(GITHUB_ACTIONS)' != ''";

    /// <summary>Makes the plan.</summary>
    public static AdoptionPlan Plan(AdoptionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var work = new Workspace(request.Boundary);
        PlanBuildProps(request, work);
        if (request.SdkForm)
        {
            PlanSdkForm(request, work);
        }
        else
        {
            PlanCentralReference(request, work);
        }

        PlanVersions(request, work);
        PlanSourceMapping(request, work);
        return work.ToPlan();
    }

    private static void PlanBuildProps(AdoptionRequest request, Workspace work)
    {
        var root = request.Boundary.Root;
        var files = new Dictionary<string, bool>(PathComparer); // file → a project without central package management uses it
        foreach (var project in request.Projects)
        {
            var file = project.DirectoryBuildPropsPath is { } p && File.Exists(p) ? Path.GetFullPath(p) : Path.Combine(root, "Directory.Build.props");
            file = Inheriting(file, "Directory.Build.props", root, work);
            var needsReference = !request.SdkForm && !project.CentralPackageManagement;
            files[file] = (files.TryGetValue(file, out var before) && before) || needsReference;
        }

        foreach (var (file, needsReference) in files.OrderBy(f => f.Key, PathComparer))
        {
            var document = work.Xml(file, "<Project>\n</Project>\n");
            if (document is null)
            {
                continue;
            }

            var relative = request.Boundary.Relative(file);
            var properties = document.Root.Descendants().Where(e => e.Parent?.Name.Equals("PropertyGroup", StringComparison.OrdinalIgnoreCase) == true).ToArray();
            var lockFiles = properties.Where(e => e.Name.Equals("RestorePackagesWithLockFile", StringComparison.OrdinalIgnoreCase)).ToArray();
            var block = new List<string>();
            if (lockFiles.Length == 0)
            {
                block.Add("<PropertyGroup>\n  <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>\n</PropertyGroup>");
                work.Note($"{relative}: RestorePackagesWithLockFile=true (packages.lock.json for every project).");
            }
            else
            {
                foreach (var element in lockFiles.Where(e => !e.TextValue.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) && e.Children.Count == 0))
                {
                    document.SetTextContent(element, "true");
                    work.Note($"{relative}: RestorePackagesWithLockFile '{element.TextValue.Trim()}' → true.");
                }
            }

            if (!properties.Any(e => e.Name.Equals("RestoreLockedMode", StringComparison.OrdinalIgnoreCase)))
            {
                block.Add($"<PropertyGroup Condition=\"{XmlSpliceDocument.Escape(ContinuousIntegrationCondition, '"')}\">\n  <RestoreLockedMode>true</RestoreLockedMode>\n</PropertyGroup>");
                work.Note($"{relative}: RestoreLockedMode=true in CI (restore fails instead of changing a lock file).");
            }

            if (needsReference)
            {
                var existing = document.Root.Descendants().Where(e => e.Name.Equals("PackageReference", StringComparison.OrdinalIgnoreCase) && NamesPackage(e, SdkPackageId)).ToArray();
                if (existing.Length == 0)
                {
                    block.Add("<ItemGroup Condition=\"'$(ManagePackageVersionsCentrally)' != 'true'\">\n"
                        + $"  <PackageReference Include=\"{SdkPackageId}\" Version=\"{XmlSpliceDocument.Escape(request.SdkVersion, '"')}\" PrivateAssets=\"all\" />\n</ItemGroup>");
                    work.Note($"{relative}: PackageReference {SdkPackageId} {request.SdkVersion} (PrivateAssets=all).");
                }
                else
                {
                    SetVersion(document, existing[0], request.SdkVersion, work, relative);
                }
            }

            if (block.Count > 0)
            {
                document.AppendChild(document.Root, "<!-- supplychain init: lock files, locked restores in CI, and SupplyChain.Sdk (see its README). -->\n" + string.Join("\n", block));
            }
        }
    }

    private static void PlanCentralReference(AdoptionRequest request, Workspace work)
    {
        var root = request.Boundary.Root;
        var files = new SortedSet<string>(PathComparer);
        foreach (var project in request.Projects.Where(p => p.CentralPackageManagement))
        {
            var file = project.DirectoryPackagesPropsPath is { } p && File.Exists(p)
                ? Inheriting(Path.GetFullPath(p), "Directory.Packages.props", root, work)
                : Inheriting(project.DirectoryBuildPropsPath is { } b && File.Exists(b) ? Path.GetFullPath(b) : Path.Combine(root, "Directory.Build.props"), "Directory.Build.props", root, work);
            files.Add(file);
        }

        foreach (var file in files)
        {
            var document = work.Xml(file, "<Project>\n</Project>\n");
            if (document is null)
            {
                continue;
            }

            var relative = request.Boundary.Relative(file);
            var existing = document.Root.Descendants().FirstOrDefault(e => e.Name.Equals("GlobalPackageReference", StringComparison.OrdinalIgnoreCase) && NamesPackage(e, SdkPackageId));
            if (existing is null)
            {
                document.AppendChild(document.Root, $"<ItemGroup>\n  <GlobalPackageReference Include=\"{SdkPackageId}\" Version=\"{XmlSpliceDocument.Escape(request.SdkVersion, '"')}\" />\n</ItemGroup>");
                work.Note($"{relative}: GlobalPackageReference {SdkPackageId} {request.SdkVersion}.");
            }
            else
            {
                SetVersion(document, existing, request.SdkVersion, work, relative);
            }
        }
    }

    private static void PlanSdkForm(AdoptionRequest request, Workspace work)
    {
        var root = request.Boundary.Root;
        var globalJson = Path.Combine(root, "global.json");
        var before = File.Exists(globalJson) ? File.ReadAllText(globalJson) : null;
        try
        {
            var after = GlobalJsonEdit.SetMsBuildSdk(before, SdkPackageId, request.SdkVersion);
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                work.Text(globalJson, before, after);
                work.Note($"global.json: msbuild-sdks {SdkPackageId} {request.SdkVersion}.");
            }
        }
        catch (JsonException ex)
        {
            work.Problem(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, globalJson, 0, globalJson, ex.Message));
        }

        foreach (var project in request.Projects.Select(p => p.ProjectPath).OrderBy(p => p, PathComparer))
        {
            var document = work.Xml(project, null);
            if (document is null)
            {
                continue;
            }

            var sdkAttribute = document.Root.Attribute("Sdk") ?? string.Empty;
            var named = sdkAttribute.Split(';').Any(s => s.Split('/')[0].Trim().Equals(SdkPackageId, StringComparison.OrdinalIgnoreCase))
                || document.Root.Elements("Sdk").Any(e => string.Equals(e.Attribute("Name"), SdkPackageId, StringComparison.OrdinalIgnoreCase));
            if (!named)
            {
                document.PrependChild(document.Root, $"<Sdk Name=\"{SdkPackageId}\" />");
                work.Note($"{request.Boundary.Relative(project)}: <Sdk Name=\"{SdkPackageId}\" /> (the version is in global.json).");
            }
        }

        foreach (var solution in request.Solutions.OrderBy(s => s, PathComparer))
        {
            var targets = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(solution))!, "Directory.Solution.targets");
            var document = work.Xml(targets, "<Project>\n</Project>\n");
            if (document is null)
            {
                continue;
            }

            if (!document.Root.Elements("Import").Any(e => string.Equals(e.Attribute("Sdk"), SdkPackageId, StringComparison.OrdinalIgnoreCase)))
            {
                document.AppendChild(document.Root, $"<!-- supplychain init: the SDK's checks also run after a solution's restore. -->\n<Import Project=\"Solution.targets\" Sdk=\"{SdkPackageId}\" />");
                work.Note($"{request.Boundary.Relative(targets)}: imports the SDK's Solution.targets.");
            }
        }
    }

    private static void PlanVersions(AdoptionRequest request, Workspace work)
    {
        var found = new Dictionary<(string File, string Type, string Id, string Metadata, string Text), SortedSet<string>>();
        foreach (var project in request.Projects)
        {
            foreach (var item in project.Items)
            {
                if (item.DefiningFile is null || item.Id.Equals(SdkPackageId, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                foreach (var (metadata, text) in new[] { ("Version", item.Version), ("VersionOverride", item.VersionOverride) })
                {
                    if (text is null || !PackageVersionRange.TryParse(text, out var range) || range.IsPinnedAsDeclared)
                    {
                        continue;
                    }

                    var key = (Path.GetFullPath(item.DefiningFile), item.ItemType, item.Id, metadata, text);
                    if (!found.TryGetValue(key, out var versions))
                    {
                        found[key] = versions = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
                    }

                    if (project.ResolvedVersions.TryGetValue(item.Id, out var resolved))
                    {
                        versions.UnionWith(resolved);
                    }
                }
            }
        }

        foreach (var ((file, type, id, metadata, text), versions) in found.OrderBy(f => f.Key.File, PathComparer).ThenBy(f => f.Key.Id, StringComparer.OrdinalIgnoreCase))
        {
            var described = $"{type} '{id}' in {request.Boundary.Relative(file)}";
            if (versions.Count == 0)
            {
                // No project restored it (an unused central version): the build does not check it either.
                continue;
            }

            if (versions.Count > 1)
            {
                work.Problem(Diagnostic.Create(DiagnosticCatalog.Init_VersionNotPinned, file, 0, type, id, text, $"restore resolved several versions for it ({string.Join(", ", versions)})"));
                continue;
            }

            var document = work.Xml(file, null);
            if (document is null)
            {
                continue;
            }

            var pinned = versions.Min!;
            var elements = document.Root.Descendants().Where(e => e.Name.Equals(type, StringComparison.OrdinalIgnoreCase) && NamesPackage(e, id)).ToArray();
            var changed = false;
            foreach (var element in elements)
            {
                var attribute = element.Attribute(metadata);
                var child = element.Elements(metadata).FirstOrDefault();
                var raw = attribute ?? child?.TextValue.Trim();
                if (raw is null)
                {
                    continue;
                }

                if (raw.Contains("$(", StringComparison.Ordinal))
                {
                    work.Problem(Diagnostic.Create(DiagnosticCatalog.Init_VersionNotPinned, file, 0, type, id, text, $"it comes from the property expression '{raw}'; set that property to '{pinned}'"));
                    changed = true;
                    break;
                }

                if (!string.Equals(raw, text, StringComparison.Ordinal))
                {
                    continue;
                }

                if (attribute is not null)
                {
                    document.SetAttribute(element, metadata, pinned);
                }
                else
                {
                    document.SetTextContent(child!, pinned);
                }

                changed = true;
            }

            if (changed && !work.HasProblemFor(file, id))
            {
                work.Note($"{described}: {metadata} '{text}' → '{pinned}' (what restore resolved).");
            }
            else if (!changed)
            {
                work.Problem(Diagnostic.Create(DiagnosticCatalog.Init_VersionNotPinned, file, 0, type, id, text, $"no {type} element with {metadata}=\"{text}\" was found in the file; pin it to '{pinned}'"));
            }
        }
    }

    private static void PlanSourceMapping(AdoptionRequest request, Workspace work)
    {
        NuGetConfigFiles configs;
        try
        {
            configs = NuGetConfigFiles.Read(request.ConfigFilePaths);
        }
        catch (SupplyChainException ex)
        {
            work.Problem(ex.Diagnostic);
            return;
        }

        var restoreSources = new HashSet<string>(request.RestoreSources.Select(NuGetConfigFiles.Normalize), StringComparer.OrdinalIgnoreCase);
        foreach (var source in request.RestoreSources.Where(s => s.StartsWith("http:", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var where = configs.Sources.LastOrDefault(s => string.Equals(NuGetConfigFiles.Normalize(s.Value), NuGetConfigFiles.Normalize(source), StringComparison.OrdinalIgnoreCase)).File;
            work.Problem(Diagnostic.Create(DiagnosticCatalog.PackageSources_InsecureHttp, where, 0, source));
        }

        var served = new List<(string Id, string SourceKey)>();
        foreach (var package in request.Packages
            .GroupBy(p => p.Id + "/" + p.Version, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase))
        {
            if (package.Source is null)
            {
                work.Problem(Diagnostic.Create(DiagnosticCatalog.Init_PackageSourceUnknown, package.Folder, 0, package.Id, package.Version, $"has no readable '{PackageSourceRecord.FileName}' in its folder", package.Folder));
                continue;
            }

            var key = restoreSources.Contains(NuGetConfigFiles.Normalize(package.Source)) ? configs.KeyOf(package.Source) : null;
            if (key is null)
            {
                work.Problem(Diagnostic.Create(DiagnosticCatalog.Init_PackageSourceUnknown, package.Folder, 0, package.Id, package.Version, $"came from '{package.Source}', which is not a package source of this repository's NuGet configuration", package.Folder));
                continue;
            }

            var mappedTo = configs.Mapping.SourcesFor(package.Id);
            if (mappedTo.Count > 0 && !mappedTo.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                work.Problem(Diagnostic.Create(DiagnosticCatalog.Init_PackageSourceUnknown, package.Folder, 0, package.Id, package.Version, $"came from '{key}', but the package source mapping sends it to '{string.Join("', '", mappedTo)}' (the packages folder had it from another source)", package.Folder));
                continue;
            }

            served.Add((package.Id, key));
        }

        var uncovered = served.Where(s => configs.Mapping.SourcesFor(s.Id).Count == 0).ToArray();
        if (uncovered.Length == 0)
        {
            return;
        }

        IReadOnlyList<(string SourceKey, string Pattern)> additions;
        if (!configs.Mapping.IsEnabled)
        {
            additions = PackageSourceMapping.Propose(served);
        }
        else
        {
            additions = PackageSourceMapping.Propose(served)
                .Where(a => uncovered.Any(u => PackageSourceMapping.Specificity(a.Pattern, u.Id) >= 0))
                .ToArray();
            var merged = configs.Mapping.Clone();
            foreach (var (key, pattern) in additions)
            {
                merged.Add(key, pattern);
            }

            if (served.Any(s => !merged.SourcesFor(s.Id).Contains(s.SourceKey, StringComparer.OrdinalIgnoreCase)))
            {
                // A prefix would take a package away from the source the existing mapping gives it: exact ids only.
                additions = uncovered.Select(u => (u.SourceKey, u.Id)).Distinct().ToArray();
            }
        }

        var target = request.ConfigFilePaths.FirstOrDefault(f => request.Boundary.WhyOutside(f) is null) ?? Path.Combine(request.Boundary.Root, "nuget.config");
        var document = work.Xml(target, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n</configuration>\n");
        if (document is null)
        {
            return;
        }

        var section = document.Root.Elements("packageSourceMapping").FirstOrDefault();
        var byKey = additions.GroupBy(a => a.SourceKey, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).ToArray();
        string Patterns(IEnumerable<(string SourceKey, string Pattern)> group)
            => string.Join("\n", group.Select(a => $"<package pattern=\"{XmlSpliceDocument.Escape(a.Pattern, '"')}\" />"));
        string SourceBlock(IGrouping<string, (string SourceKey, string Pattern)> group)
            => $"<packageSource key=\"{XmlSpliceDocument.Escape(group.Key, '"')}\">\n" + Indent(Patterns(group)) + "\n</packageSource>";

        if (section is null)
        {
            document.AppendChild(document.Root, "<!-- supplychain init: each package from the source that served it (dependency confusion). -->\n<packageSourceMapping>\n"
                + string.Join("\n", byKey.Select(g => Indent(SourceBlock(g)))) + "\n</packageSourceMapping>");
        }
        else
        {
            foreach (var group in byKey)
            {
                var existing = section.Elements("packageSource").FirstOrDefault(e => string.Equals(e.Attribute("key"), group.Key, StringComparison.OrdinalIgnoreCase));
                if (existing is null)
                {
                    document.AppendChild(section, SourceBlock(group));
                }
                else
                {
                    document.AppendChild(existing, Patterns(group));
                }
            }
        }

        foreach (var group in byKey)
        {
            work.Note($"{request.Boundary.Relative(target)}: packageSourceMapping '{group.Key}' ← {string.Join(", ", group.Select(g => g.Pattern))}.");
        }
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => "  " + l));

    private static void SetVersion(XmlSpliceDocument document, XmlSpliceElement element, string version, Workspace work, string relative)
    {
        var current = element.Attribute("Version") ?? element.Elements("Version").FirstOrDefault()?.TextValue.Trim();
        if (string.Equals(current, version, StringComparison.Ordinal))
        {
            return;
        }

        if (element.Attribute("Version") is null && element.Elements("Version").FirstOrDefault() is { } child)
        {
            document.SetTextContent(child, version);
        }
        else
        {
            document.SetAttribute(element, "Version", version);
        }

        work.Note($"{relative}: {element.Name} {SdkPackageId} {current ?? "(no version)"} → {version}.");
    }

    /// <summary>True when the element's Include (or Update) names the package.</summary>
    private static bool NamesPackage(XmlSpliceElement element, string id)
        => (element.Attribute("Include") ?? element.Attribute("Update") ?? string.Empty)
            .Split(';').Any(s => s.Trim().Equals(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// For a Directory.*.props that imports the one above it (GetPathOfFileAbove), the file above (still in the
    /// repository), which every project then inherits from; otherwise the file itself.
    /// </summary>
    private static string Inheriting(string file, string name, string root, Workspace work)
    {
        var current = file;
        for (var guard = 0; guard < 64; guard++)
        {
            if (!File.Exists(current) || !ImportsParent(current, name))
            {
                return current;
            }

            var parent = Path.GetDirectoryName(Path.GetDirectoryName(current));
            string? above = null;
            for (var dir = parent; dir is not null && work.Boundary.WhyOutside(Path.Combine(dir, name)) is null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, name)))
                {
                    above = Path.Combine(dir, name);
                    break;
                }
            }

            if (above is null)
            {
                return current;
            }

            current = above;
        }

        _ = root;
        return current;
    }

    private static bool ImportsParent(string file, string name)
    {
        try
        {
            var document = XmlSpliceDocument.Parse(File.ReadAllBytes(file));
            return document.Root.Descendants().Any(e => e.Name.Equals("Import", StringComparison.OrdinalIgnoreCase)
                && (e.Attribute("Project") ?? string.Empty).Contains(name, StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    internal static StringComparer PathComparer => OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>The documents being edited, the notes and the problems.</summary>
    private sealed class Workspace
    {
        private readonly Dictionary<string, (XmlSpliceDocument? Document, string? Before, bool Existed)> _xml = new(PathComparer);
        private readonly Dictionary<string, (string? Before, string After)> _text = new(PathComparer);
        private readonly List<string> _notes = new();
        private readonly List<Diagnostic> _problems = new();

        public Workspace(RepositoryBoundary boundary) => Boundary = boundary;

        public RepositoryBoundary Boundary { get; }

        public void Note(string note) => _notes.Add(note);

        public void Problem(Diagnostic diagnostic) => _problems.Add(diagnostic);

        public bool HasProblemFor(string file, string id)
            => _problems.Any(p => string.Equals(p.File, file, StringComparison.Ordinal) && p.Message.Contains($"'{id}'", StringComparison.Ordinal));

        public void Text(string path, string? before, string after) => _text[path] = (before, after);

        /// <summary>The document at a path, created from <paramref name="newText"/> when missing (null: must exist); null after a reported problem.</summary>
        public XmlSpliceDocument? Xml(string path, string? newText)
        {
            if (_xml.TryGetValue(path, out var known))
            {
                return known.Document;
            }

            XmlSpliceDocument? document = null;
            var existed = File.Exists(path);
            try
            {
                document = existed ? XmlSpliceDocument.Parse(File.ReadAllBytes(path)) : newText is null ? null : XmlSpliceDocument.Parse(newText);
                if (document is null)
                {
                    _problems.Add(Diagnostic.Create(DiagnosticCatalog.Input_NotFound, path, 0, path, "supplychain init"));
                }
            }
            catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                _problems.Add(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, path, 0, path, ex.Message));
            }

            _xml[path] = (document, existed ? document?.Text : null, existed);
            return document;
        }

        public AdoptionPlan ToPlan()
        {
            var changes = new List<AdoptionFileChange>();
            foreach (var (path, (document, before, existed)) in _xml)
            {
                if (document is not null && (document.IsChanged || !existed) && (existed || document.IsChanged))
                {
                    changes.Add(new AdoptionFileChange(path, existed ? before : null, document.ToText(), document.ToBytes()));
                }
            }

            foreach (var (path, (before, after)) in _text)
            {
                changes.Add(new AdoptionFileChange(path, before, after, System.Text.Encoding.UTF8.GetBytes(after)));
            }

            changes.Sort((a, b) => PathComparer.Compare(a.Path, b.Path));
            var refused = false;
            foreach (var change in changes)
            {
                if (Boundary.WhyOutside(change.Path) is { } why)
                {
                    refused = true;
                    _problems.Add(Diagnostic.Create(DiagnosticCatalog.Init_FileOutsideRepository, change.Path, 0, change.Path, why));
                }
            }

            return new AdoptionPlan(changes, _notes, _problems, refused);
        }
    }
}
