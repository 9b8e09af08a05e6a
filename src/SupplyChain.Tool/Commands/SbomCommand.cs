using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.IO;
using SupplyChain.Core.LockFiles;
using SupplyChain.Core.Projects;
using SupplyChain.Core.Sbom;
using SupplyChain.Core.Sbom.Builder;

namespace SupplyChain.Tool.Commands;

/// <summary>
/// <c>supplychain sbom PATH [--out FILE|DIR] [--spec-version 1.6|1.7]</c>: the CycloneDX SBOM of a project, or of
/// each project of a solution or folder, from its restore output, without a build. Projects are evaluated with
/// package build files switched off, as <c>lock verify</c> does.
/// </summary>
internal static class SbomCommand
{
    /// <summary>The tool named in <c>metadata.tools</c> of the SBOMs this command writes.</summary>
    public const string ToolName = "SupplyChain.Tool";

    private static readonly string[] s_properties = new[]
    {
        "ProjectAssetsFile", "NuGetLockFilePath", "MSBuildProjectDirectory", "DirectoryBuildPropsPath", "RuntimeIdentifier",
        "SupplyChainEnabled", "SupplyChainSbomEnabled", "SupplyChainSbomSpecVersion", "SupplyChainSbomBaseDirectory",
    }.Concat(SbomProjectProperties.Names).Distinct(StringComparer.Ordinal).ToArray();

    private static readonly string[] s_referenceProperties = { "IsPackable", "PackageId", "PackageVersion", "Version" };

    private static readonly string[] s_itemTypes = { "ProjectReference" };

    public static Command Create(CommandContext context)
    {
        var path = new Argument<string>("path") { Description = "A project file, a solution (.sln, .slnx) or a folder.", DefaultValueFactory = _ => "." };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "The file to write (one project), or a folder that receives one <id>.<version>.cdx.json (packable) or <project>.cdx.json per project. Without it, one project's SBOM goes to stdout.",
        };
        var specVersion = new Option<string?>("--spec-version")
        {
            Description = $"The CycloneDX version to write: {CycloneDxSpecVersions.Supported}. Default: the project's SupplyChainSbomSpecVersion, else 1.6.",
        };
        var command = new Command("sbom", "Writes the CycloneDX SBOM of a project, or of each project of a solution or folder, from its restore output (run 'dotnet restore' first).")
        {
            path,
            output,
            specVersion,
        };
        command.SetAction(parse => context.Run(sink => Run(parse.GetValue(path)!, parse.GetValue(output), parse.GetValue(specVersion), sink, context)));
        return command;
    }

    internal static ExitCode Run(string path, string? output, string? specVersionText, ConsoleDiagnosticSink sink, CommandContext context)
    {
        var requested = SbomGenerator.ParseSpecVersion("--spec-version", specVersionText, null);
        // A wrong SOURCE_DATE_EPOCH fails before any project is read.
        var sourceDateEpoch = Environment.GetEnvironmentVariable(SourceDateEpoch.VariableName);
        _ = SourceDateEpoch.Parse(sourceDateEpoch);
        var projects = ProjectDiscovery.Discover(path, "supplychain sbom");
        if (projects.Count == 0)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, null, 0, Path.Combine(path, "*.csproj"), "supplychain sbom");
        }

        var toFolder = output is not null && (projects.Count > 1 || Directory.Exists(output) || output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar));
        if (output is null && projects.Count > 1)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Configuration_InvalidValue, null, 0, "--out", "(none)", $"a folder: '{path}' has {projects.Count} projects, and only one SBOM can go to stdout");
        }

        var evaluations = new Dictionary<string, ProjectEvaluation>(StringComparer.Ordinal);
        var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var written = 0;
        var skipped = 0;
        foreach (var project in projects)
        {
            var evaluation = context.Evaluate(project, s_properties, s_itemTypes);
            evaluations[project] = evaluation;
            if (string.Equals(evaluation.Property("SupplyChainEnabled"), "false", StringComparison.OrdinalIgnoreCase)
                || string.Equals(evaluation.Property("SupplyChainSbomEnabled"), "false", StringComparison.OrdinalIgnoreCase))
            {
                skipped++;
                context.Error.WriteLine($"{project}: skipped (SupplyChainSbomEnabled or SupplyChainEnabled is false).");
                continue;
            }

            var request = new SbomSettings
            {
                ProjectPath = project,
                AssetsFilePath = evaluation.Property("ProjectAssetsFile") ?? Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json"),
                LockFilePath = LockFileLocation.For(project, evaluation.Property("MSBuildProjectName"), evaluation.Property("NuGetLockFilePath")),
                ProjectProperty = evaluation.Property,
                ProjectReferences = ProjectReferences(evaluation, evaluations, context),
                SpecVersion = evaluation.Property("SupplyChainSbomSpecVersion"),
                RequestedSpecVersion = requested,
                SourceDateEpoch = sourceDateEpoch,
                Tool = new SbomTool(ToolName, ToolVersion()),
                BaseDirectory = evaluation.Property("SupplyChainSbomBaseDirectory"),
                DirectoryBuildPropsPath = evaluation.Property("DirectoryBuildPropsPath"),
                RuntimeIdentifier = evaluation.Property("RuntimeIdentifier"),
            }.ToRequest();
            var spec = request.SpecVersion;
            var result = SbomBuilder.Build(request, sink);
            if (!result.Succeeded)
            {
                continue;
            }

            if (output is null)
            {
                context.Out.Write(Encoding.UTF8.GetString(result.Bytes));
                context.Out.Flush();
            }
            else
            {
                var file = toFolder ? Path.Combine(output, UniqueName(FileName(request.Project), usedNames)) : output;
                AtomicFile.WriteAllBytes(file, result.Bytes);
                context.Out.WriteLine($"{project}: {result.ComponentCount} component(s), {result.DependencyEdgeCount} dependency edge(s), CycloneDX {spec.ToSpecString()} -> {Path.GetFullPath(file)}");
            }

            written++;
        }

        if (output is not null)
        {
            context.Out.WriteLine($"{written} of {projects.Count - skipped} SBOM(s) written.");
        }

        return sink.ErrorCount == 0 ? ExitCode.Success : sink.HasInputErrors ? ExitCode.UsageOrInput : ExitCode.VerificationFailed;
    }

    // Every project reference, transitive ones included, each evaluated once, with what names it in the SBOM.
    private static IReadOnlyList<SbomProjectReference> ProjectReferences(ProjectEvaluation evaluation, Dictionary<string, ProjectEvaluation> evaluations, CommandContext context)
    {
        var references = new List<SbomProjectReference>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { evaluation.ProjectPath };
        var pending = new Queue<ProjectEvaluation>();
        pending.Enqueue(evaluation);
        while (pending.Count > 0)
        {
            var current = pending.Dequeue();
            foreach (var item in current.ItemsOf("ProjectReference"))
            {
                var path = ReferencePath(current, item);
                if (path is null || !seen.Add(path) || !File.Exists(path))
                {
                    continue;
                }

                if (!evaluations.TryGetValue(path, out var referenced))
                {
                    referenced = context.Evaluate(path, s_properties.Concat(s_referenceProperties).Distinct(StringComparer.Ordinal), s_itemTypes);
                    evaluations[path] = referenced;
                }

                references.Add(SbomProjectProperties.CreateReference(path, referenced.Property));
                pending.Enqueue(referenced);
            }
        }

        return references;
    }

    private static string? ReferencePath(ProjectEvaluation project, IReadOnlyDictionary<string, string> item)
    {
        if (item.TryGetValue("FullPath", out var full) && !string.IsNullOrWhiteSpace(full))
        {
            return Path.GetFullPath(full);
        }

        return item.TryGetValue("Identity", out var identity) && !string.IsNullOrWhiteSpace(identity)
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, identity.Replace('\\', Path.DirectorySeparatorChar)))
            : null;
    }

    private static string FileName(SbomProject project)
    {
        var name = project.IsPackable
            ? (project.PackageId ?? project.Name ?? Path.GetFileNameWithoutExtension(project.Path)) + (project.PackageVersion is null ? string.Empty : "." + project.PackageVersion)
            : project.Name ?? Path.GetFileNameWithoutExtension(project.Path);
        var safe = new string(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c).ToArray());
        return safe + ".cdx.json";
    }

    private static string UniqueName(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = name[..^".cdx.json".Length] + "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".cdx.json";
        }

        return candidate;
    }

    private static string ToolVersion()
    {
        var informational = typeof(SbomCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? typeof(SbomCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
