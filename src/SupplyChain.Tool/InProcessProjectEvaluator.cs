using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Tool;

/// <summary>
/// Evaluates projects inside this process with the MSBuild of the .NET SDK that <c>dotnet</c> would use in the
/// project's folder (global.json honoured), found by Microsoft.Build.Locator: one MSBuild load for every project of a
/// solution instead of one <c>dotnet msbuild</c> process per project. The evaluation is the one
/// <see cref="ProjectEvaluator"/> asks of <c>dotnet msbuild -getProperty/-getItem</c>: same global properties (package
/// build files kept out), no target run. Where no SDK can be registered it answers null and the caller falls back to
/// the process.
/// </summary>
internal static class InProcessProjectEvaluator
{
    private static readonly object s_lock = new();
    private static bool? s_available;
    private static object? s_collection;

    /// <summary>How many projects this process evaluated in-process (a regression guard, with <see cref="ProjectEvaluator.ProcessCount"/>).</summary>
    public static int EvaluationCount { get; private set; }

    /// <summary>Evaluates a project in-process, or returns null when MSBuild cannot be loaded here.</summary>
    public static ProjectEvaluation? TryEvaluate(string projectPath, IEnumerable<string> properties, IEnumerable<string> itemTypes)
    {
        lock (s_lock)
        {
            s_available ??= TryRegister(Path.GetDirectoryName(Path.GetFullPath(projectPath))!);
            if (s_available != true)
            {
                return null;
            }

            EvaluationCount++;
            return Evaluate(projectPath, properties, itemTypes);
        }
    }

    /// <summary>
    /// Forgets every evaluation and the project files MSBuild cached with them: after this process edited a project or
    /// an imported file (supplychain init), the next evaluation reads them again from disk.
    /// </summary>
    public static void Forget()
    {
        lock (s_lock)
        {
            if (s_collection is not null)
            {
                Dispose(s_collection);
                s_collection = null;
            }
        }
    }

    // Kept out of line: the Microsoft.Build type is only named once the locator has registered the SDK.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dispose(object collection)
    {
        var projects = (Microsoft.Build.Evaluation.ProjectCollection)collection;
        projects.UnloadAllProjects();
        projects.Dispose();
    }

    private static bool TryRegister(string workingDirectory)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("SUPPLYCHAIN_EVALUATE_IN_PROCESS"), "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            if (Microsoft.Build.Locator.MSBuildLocator.IsRegistered)
            {
                return true;
            }

            var instance = Microsoft.Build.Locator.MSBuildLocator
                .QueryVisualStudioInstances(new Microsoft.Build.Locator.VisualStudioInstanceQueryOptions
                {
                    DiscoveryTypes = Microsoft.Build.Locator.DiscoveryType.DotNetSdk,
                    WorkingDirectory = workingDirectory,
                })
                .FirstOrDefault();
            if (instance is null || instance.Version.Major > Environment.Version.Major)
            {
                // An SDK newer than this runtime cannot be loaded into it.
                return false;
            }

            // What 'dotnet msbuild' sets for the SDK's resolvers and tasks.
            var dotnet = Path.GetFullPath(Path.Combine(instance.MSBuildPath, "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")) && File.Exists(dotnet))
            {
                Environment.SetEnvironmentVariable("DOTNET_HOST_PATH", dotnet);
            }

            Microsoft.Build.Locator.MSBuildLocator.RegisterInstance(instance);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or BadImageFormatException or TypeLoadException or FileNotFoundException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static readonly string[] s_wellKnownMetadata =
    {
        "FullPath", "RootDir", "Filename", "Extension", "RelativeDir", "Directory", "RecursiveDir",
        "DefiningProjectFullPath", "DefiningProjectDirectory", "DefiningProjectName", "DefiningProjectExtension",
    };

    // Kept out of line: no Microsoft.Build type may be touched before the locator has registered the SDK.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ProjectEvaluation Evaluate(string projectPath, IEnumerable<string> properties, IEnumerable<string> itemTypes)
    {
        var collection = (Microsoft.Build.Evaluation.ProjectCollection)(s_collection ??= new Microsoft.Build.Evaluation.ProjectCollection(
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["ImportProjectExtensionProps"] = "false",
                ["ImportProjectExtensionTargets"] = "false",
            }));
        Microsoft.Build.Evaluation.Project project;
        try
        {
            project = collection.LoadProject(projectPath);
        }
        catch (Microsoft.Build.Exceptions.InvalidProjectFileException ex)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, projectPath, ex.LineNumber, projectPath, "MSBuild could not evaluate it: " + ex.Message);
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in properties)
        {
            values[name] = project.GetPropertyValue(name);
        }

        var items = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in itemTypes)
        {
            items[type] = project.GetItems(type).Select(item =>
            {
                var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    ["Identity"] = item.EvaluatedInclude,
                };

                // The well-known metadata 'dotnet msbuild -getItem' prints too: which file defines the item is how
                // pinning and 'init' find the line to report or edit.
                foreach (var name in s_wellKnownMetadata)
                {
                    metadata[name] = item.GetMetadataValue(name);
                }

                foreach (var m in item.Metadata)
                {
                    metadata[m.Name] = m.EvaluatedValue;
                }

                return (IReadOnlyDictionary<string, string>)metadata;
            }).ToArray();
        }

        return new ProjectEvaluation(projectPath, values, items);
    }
}
